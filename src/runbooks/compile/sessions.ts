/**
 * Shell-session noise: `exit` and its kin leave a shell (an `oc debug` pod, a toolbox, a
 * VM console) or do nothing a step could show. They are never steps: an exit closes the
 * context it leaves, and either way the compiler lists it as dropped with the reason.
 */

const EXIT = /^(?:exit(?:\s+\d+)?|logout|quit|\\q|\\quit|exit\(\))$/;
const NOISE = /^(?:clear|reset)$/;

export type SessionLine = 'exit' | 'noise';

export function sessionLine(command: string): SessionLine | null {
  const line = command.trim().replace(/;$/, '');
  if (EXIT.test(line)) return 'exit';
  if (NOISE.test(line)) return 'noise';
  return null;
}

/** A code block that only leaves sessions: `exit`, `\q`, `sh-4.4# exit`. */
export function exitBlockCount(code: string): number {
  const lines = code
    .split('\n')
    .map((l) => l.replace(/^\s*(?:[\w.@:~/[\]-]*[$#>]\s+|\$\s*)/, '').trim())
    .filter((l) => l !== '');
  if (lines.length === 0 || !lines.every((l) => sessionLine(l) === 'exit')) return 0;
  return lines.length;
}

const LEAVE =
  /^(?:then\s*,?\s*|finally\s*,?\s*|now\s*,?\s*)?(?:leave|exit|quit|close|disconnect(?:\s+from)?|log\s*out(?:\s+of)?|detach\s+from|get\s+out\s+of)\b(?:(?!\b(?:and|then)\s+(?:run|check|restart|delete)\b).)*\b(?:shell|pod|toolbox|console|session|node|host|container|psql|guest|vm|debug|chroot|terminal|prompt)s?\b/i;
const PRESS_TO_LEAVE = /\bpress\s+`?ctrl\s*\+\s*(?:\]|d|c)`?\s+to\s+(?:leave|exit|quit|close|detach)/i;
const COUNTS: Record<string, number> = { twice: 2, 'two times': 2, 'three times': 3, thrice: 3, 'four times': 4 };

/**
 * "Leave the toolbox, the host and the debug pod (`exit` three times).", "Press `Ctrl+]` to
 * leave the console.": how many sessions a sentence leaves; 0 when it leaves none.
 */
export function proseExits(text: string): number {
  if (!/\b(?:leave|exit|quit|close|disconnect|log\s*out|detach|get\s+out)\b/i.test(text)) return 0;
  if (!LEAVE.test(text) && !PRESS_TO_LEAVE.test(text)) return 0;
  const lower = text.toLowerCase();
  for (const [words, n] of Object.entries(COUNTS)) if (lower.includes(words)) return n;
  if (/\b(?:all|every)\b/.test(lower)) return Number.POSITIVE_INFINITY;
  return 1;
}
