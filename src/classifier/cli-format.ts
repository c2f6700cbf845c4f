import { LEVEL_EMOJI, type Reason, type ScanVerdict } from './types.js';

/**
 * The verdict for people: level, deciding segment, target, and every reason with its rule
 * id and an underline under the part of the command it is about.
 */
export function formatVerdict(command: string, verdict: ScanVerdict): string {
  const lines = [
    `${LEVEL_EMOJI[verdict.level]} ${verdict.level.toUpperCase()}`,
    `command:  ${firstLine(command)}`,
    `deciding: ${firstLine(verdict.deciding.segment)}  [${verdict.deciding.ruleId}]`,
    `target:   ${verdict.target ?? '—'}`,
    '',
    'reasons:',
  ];
  for (const reason of verdict.reasons) lines.push(...formatReason(command, reason));
  return `${lines.join('\n')}\n`;
}

function firstLine(text: string): string {
  const [first = '', ...rest] = text.split('\n');
  return rest.length > 0 ? `${first} …` : first;
}

function formatReason(command: string, reason: Reason): string[] {
  const out = [`  ${LEVEL_EMOJI[reason.level]} ${reason.level.padEnd(9)} ${reason.ruleId}`, `     ${reason.message}`];
  out.push(...underline(command, reason.span.start, reason.span.end).map((l) => `     ${l}`));
  return out;
}

/** The line(s) of the command holding the span, with carets under it (first line of the span only). */
export function underline(command: string, start: number, end: number): string[] {
  const lineStart = command.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
  const nl = command.indexOf('\n', start);
  const lineEnd = nl < 0 ? command.length : nl;
  const line = command.slice(lineStart, lineEnd);
  const from = start - lineStart;
  const to = Math.max(from + 1, Math.min(end, lineEnd) - lineStart);
  // Tabs keep their width so the carets line up.
  const pad = line.slice(0, from).replace(/[^\t]/g, ' ');
  return [line, `${pad}${'^'.repeat(to - from)}`];
}
