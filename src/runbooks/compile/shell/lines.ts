import { KNOWN_COMMANDS } from '../vocabulary.js';

/**
 * Is a line in a code block something to run, or output the author pasted under it?
 * Used where no prompt says so.
 */

function firstWords(line: string): string[] {
  return line.trim().split(/\s+/);
}

/** Leading `A=1 B="x y" C=$(…)` words of `A=1 B=2 cmd`. */
const ENV_PREFIX = /^(?:[A-Za-z_]\w*=(?:'[^']*'|"[^"]*"|\$\([^()]*\)|`[^`]*`|[^\s'"`]*)\s+)+/;

/** Skip `sudo` (with its options: `sudo -u postgres psql`), `env` and leading `VAR=value` words to the program that runs. */
function programOf(line: string): { program: string; rest: string[] } {
  const words = firstWords(line.trim().replace(ENV_PREFIX, ''));
  let i = 0;
  while (i < words.length && (words[i] === 'sudo' || words[i] === 'env' || /^[A-Za-z_]\w*=\S*$/.test(words[i]!))) {
    i = words[i] === 'sudo' ? afterSudoOptions(words, i + 1) : i + 1;
  }
  return { program: words[i] ?? '', rest: words.slice(i + 1) };
}

/** `sudo` options that take a value (`-u postgres`); `-i` and `-s` open a shell and are kept. */
const SUDO_OPTIONS_WITH_VALUE = new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T']);

/** The index of the first word after `sudo`'s options, starting at `i` (the word after `sudo`). */
export function afterSudoOptions(words: string[], i: number): number {
  let at = i;
  while (at < words.length && /^-[A-Za-z]+$/.test(words[at]!) && words[at] !== '-i' && words[at] !== '-s') {
    at += SUDO_OPTIONS_WITH_VALUE.has(words[at]!) ? 2 : 1;
  }
  return at;
}

/** `KUBECONFIG=/path oc get nodes`: assignments in front of a command, not a definition. */
function hasEnvPrefix(line: string): boolean {
  const m = ENV_PREFIX.exec(line.trim());
  return m !== null && line.trim().length > m[0].length;
}

/** `NAME=value` (or `A=1 B=2`) and nothing else, a definition, or `export NAME=value`. */
export function isAssignmentLine(line: string): boolean {
  return /^(?:export\s+)?(?:[A-Za-z_]\w*=(?:'[^']*'|"[^"]*"|\S*)\s*)+$/.test(line.trim()) && !isLogfmt(line.trim());
}

/** Clearly a command: a known program, a path to one, or a variable definition. */
export function isCommandLine(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed === '') return false;
  if (isAssignmentLine(trimmed)) return true;
  // `POD=$(kubectl …)`: an assignment of a command's output (a logfmt line has several `k=v`).
  if (/^(?:export\s+)?[A-Za-z_]\w*=(?:\$\(|`|"|')/.test(trimmed) && !isLogfmt(trimmed)) return true;
  const { program } = programOf(trimmed);
  // `A=1 B=2 ./run.sh` or `NODE=x POD=y oc debug …`: a command with its environment, even where it reads as logfmt.
  if (hasEnvPrefix(trimmed) && (KNOWN_COMMANDS.has(program) || /^(?:\.{1,2}\/|\/|~\/)/.test(program))) return true;
  if (KNOWN_COMMANDS.has(program)) return true;
  return /^(?:\.{1,2}\/|\/|~\/)[\w./-]+$/.test(program) || /^[\w.-]+\.sh$/.test(program);
}

/** Looks like something a program printed: tables, log lines, key = value dumps, prose. */
export function isOutputLine(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed === '' || isCommandLine(trimmed)) return false;
  const words = firstWords(trimmed);
  const first = words[0] ?? '';
  if (/^(?:\.{3}|…|\[\.\.\.\])$/.test(trimmed)) return true;
  if (/\S {2,}\S.* {2,}\S/.test(trimmed) || /\S\t+\S/.test(trimmed)) return true; // columns
  if (/^[A-Z][A-Z0-9_-]+$/.test(first) && words.length > 1 && /^[A-Z][A-Z0-9_-]+$/.test(words[1] ?? '')) return true;
  if (/^(?:\d{4}-\d\d-\d\d|\d\d:\d\d:\d\d|[A-Z][a-z]{2}\s+\d{1,2}\s)/.test(trimmed)) return true; // timestamps
  if (isLogfmt(trimmed)) return true;
  if (/^(?:level|ts|time|msg)=/.test(first)) return true;
  if (/^[{[<|+*#>-]/.test(trimmed)) return true;
  if (/^[\w.-]+:(?:\s|$)/.test(trimmed)) return true; // key: value
  if (/^[\w.-]+\s+=\s/.test(trimmed)) return true; // sysctl-style
  if (/^\d/.test(first)) return true;
  if (/^(?:error|warning|warn|info|debug|fatal|panic)\b/i.test(first)) return true;
  if (/^[A-Z][a-z]+$/.test(first) && !words.slice(1).some((w) => w.startsWith('-'))) return true; // prose
  return false;
}

/**
 * Where neither rule is sure (a tool we do not know), a lower-case word with arguments is
 * taken for a command: `mytool --restart api`.
 */
export function mayBeCommandLine(line: string): boolean {
  const trimmed = line.trim();
  if (isCommandLine(trimmed)) return true;
  if (isOutputLine(trimmed)) return false;
  return /^[a-z][\w.-]*(?:\s|$)/.test(trimmed);
}

/** `level=error ts=… msg="…"`: three or more key=value words. */
function isLogfmt(line: string): boolean {
  return firstWords(line).filter((w) => /^[\w.-]+=/.test(w)).length >= 3;
}

const SHELL_SYNTAX = /(?:^|\s)--?[A-Za-z]|\/|=|\||\$|<[\w.-]+>|@|^sudo\s/;
const PROSE_WORDS = new Set([
  'the',
  'a',
  'an',
  'to',
  'if',
  'and',
  'of',
  'when',
  'it',
  'is',
  'are',
  'this',
  'that',
  'then',
  'you',
  'your',
  'for',
  'with',
  'should',
  'will',
]);

/**
 * A line of prose (or of a block tagged `text`) that clearly is a command: a known program
 * with shell syntax (an option, a path, `|`, `$`, `=`, `<var>`, `@`) and no prose words.
 */
export function isBareCommand(text: string): boolean {
  const trimmed = text.trim();
  const words = trimmed.split(/\s+/);
  if (words.length < 2 || trimmed.includes('`') || /[.:;,]$/.test(trimmed.replace(/\s\.$/, ''))) return false;
  if (!isCommandLine(trimmed) || isAssignmentLine(trimmed)) return false;
  return SHELL_SYNTAX.test(trimmed) && !words.some((w) => PROSE_WORDS.has(w.toLowerCase()));
}

/** `reload() {` or `function reload {`: the first line of a shell function definition. */
export function isShellFunctionStart(line: string): boolean {
  return /^(?:function\s+[\w-]+(?:\s*\(\))?|[\w-]+\s*\(\))\s*\{?\s*$/.test(line.trim());
}
