import { redactCommand, redactSecrets } from '../../lib/redact.js';

/**
 * A runbook can hold a secret (a token pasted into a command, a password in a connection
 * string). The model sees the runbook with every secret hidden; a command it returns with a
 * hidden part is put back as the runbook wrote it, matched against the commands the
 * deterministic reader found. The real text never leaves for the LLM.
 */
export function shareableRunbook(markdown: string): string {
  return redactSecrets(markdown);
}

const HIDDEN = '[REDACTED';

/**
 * The runbook's own text for a command the model returned with a hidden secret; the
 * command itself when nothing was hidden; null when no command of the runbook hides to it.
 */
export function restoreHidden(
  command: string,
  originals: readonly string[],
  normalise: (code: string) => string,
): string | null {
  if (!command.includes(HIDDEN)) return command;
  const wanted = normalise(command);
  return (
    originals.find((original) =>
      [redactSecrets(original), redactCommand(original)].some((hidden) => normalise(hidden) === wanted),
    ) ?? null
  );
}
