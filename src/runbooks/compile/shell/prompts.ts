import { isCommandLine } from './lines.js';

/**
 * Console prompts in pasted terminal sessions. `$ ` and `user@host:~$ ` start a user
 * command, `# ` a root command (only when a command follows: `# ` is also a comment),
 * `> ` continues the previous line.
 */

export interface PromptLine {
  command: string;
  root: boolean;
}

const HOST_PROMPT = /^\s*(?:\[[^\]\n]+\]|[\w.-]+@[\w.-]+(?::[^\s$#]*)?|(?:ba|z)?sh-\d+(?:\.\d+)*)\s?([$#])\s(.*)$/;

/**
 * zsh and fancy prompts (`% `, `❯ `, `➜  repo `, `λ `, `» `): also what some programs print
 * (`% Total` from curl), so only when a known program follows.
 */
const OTHER_SHELL_PROMPT = /^\s*(?:%|❯|›|λ|»|➜\s+\S+(?:\s+git:\([^)]*\))?(?:\s+✗)?)\s+(\S.*)$/;

export function matchPrompt(line: string): PromptLine | null {
  const user = /^\s*(?:\([\w.-]+\)\s*)?\$\s(.*)$/.exec(line);
  if (user) return { command: user[1] ?? '', root: false };
  const other = OTHER_SHELL_PROMPT.exec(line);
  if (other && isCommandLine(other[1]!)) return { command: other[1]!, root: false };
  const host = HOST_PROMPT.exec(line);
  if (host) return { command: host[2] ?? '', root: host[1] === '#' };
  const root = /^\s*#\s(.*)$/.exec(line);
  if (root) return { command: root[1] ?? '', root: true };
  return null;
}

/** `$ cmd` or `user@host:~$ cmd`: the block is a terminal session, not a script. */
export function isUserPrompt(line: string): boolean {
  const prompt = matchPrompt(line);
  return prompt !== null && (!prompt.root || HOST_PROMPT.test(line)) && prompt.command.trim() !== '';
}

/**
 * A root terminal pasted without `$ ` lines: `# mailq` lines with what they printed under
 * them (or nothing else). `# ` is also a comment, so the block counts only when no other
 * line is itself a command: a script with comments above its commands stays a script.
 */
export function isRootSession(lines: string[]): boolean {
  const rootCommands = lines.filter((line) => {
    const prompt = /^\s*#\s(\S.*)$/.exec(line);
    return prompt !== null && isCommandLine(prompt[1]!);
  });
  if (rootCommands.length === 0) return false;
  return lines.every((line) => line.trim() === '' || /^\s*#/.test(line) || !isCommandLine(line));
}

/** `> more` after an unfinished command. */
export function stripContinuationPrompt(line: string): string {
  return line.replace(/^\s*>\s?/, '');
}

/** psql (`postgres=# `), mysql (`mysql> `) and redis-cli (`127.0.0.1:6379> `) consoles. */
export function consoleLanguage(line: string): 'sql' | 'redis' | null {
  if (/^\s*[\w-]+=[#>]\s/.test(line) || /^\s*mysql>\s/.test(line)) return 'sql';
  if (/^\s*(?:[\d.]+|localhost|[\w.-]+):\d+(?:\[\d+\])?>\s/.test(line) || /^\s*redis[\w.:-]*>\s/.test(line))
    return 'redis';
  return null;
}

/**
 * `$ oc exec -it deploy/redis -- redis-cli` followed by `127.0.0.1:6379> INFO`: the shell
 * part opens the console, the console part is what is typed into it. Null when the block
 * is not such a mix.
 */
export function splitConsoleBlock(code: string): { shell: string; console: string; language: 'sql' | 'redis' } | null {
  const lines = code.split('\n');
  const first = lines.findIndex((l) => consoleLanguage(l) !== null);
  if (first <= 0) return null;
  const shell = lines.slice(0, first);
  if (!shell.some((l) => isUserPrompt(l))) return null;
  const language = consoleLanguage(lines[first]!)!;
  const typed = lines
    .slice(first)
    .map((l) =>
      l.replace(/^\s*(?:[\w-]+=[#>]|mysql>|(?:[\d.]+|localhost|[\w.-]+):\d+(?:\[\d+\])?>|redis[\w.:-]*>)\s?/, ''),
    );
  return { shell: shell.join('\n'), console: typed.join('\n'), language };
}
