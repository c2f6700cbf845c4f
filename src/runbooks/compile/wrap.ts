import type { ContextKind } from '../types.js';
import { descendants, firstCommand, parseShell, type ShellNode, shellMemo } from './shell/parser.js';

/**
 * A command meant for a shell elsewhere, rewritten to run from the engineer's own shell
 * when that is exact: `oc rsh -n ns pod` + `ceph status` → `oc exec -n ns pod -- ceph
 * status`; `oc debug node/x` + `chroot /host` + `df -h` → `oc debug node/x -- chroot /host
 * df -h`. Null when no exact form exists (a VM's serial console, the RHCOS toolbox).
 */
export interface WrapLevel {
  kind: ContextKind;
  /** The opener as prepared (placeholders as `${NAME}`), possibly with assignments before it. */
  opener: string;
}

/** Wraps `inner` into each level, innermost first. */
export function wrapInto(levels: readonly WrapLevel[], inner: string, innerIsQuery: boolean): string | null {
  let command = inner;
  let prefix: string[] = [];
  for (const [index, level] of levels.entries()) {
    const lines = level.opener.replace(/\\\n\s*/g, ' ').split('\n');
    const opener = lines.at(-1)!.trim();
    const wrapped = wrapOnce(level.kind, opener, command, innerIsQuery && index === 0, index < levels.length - 1);
    if (wrapped === null) return null;
    command = wrapped;
    prefix = [...lines.slice(0, -1), ...prefix];
  }
  return [...prefix, command].join('\n');
}

function wrapOnce(kind: ContextKind, opener: string, inner: string, query: boolean, nested: boolean): string | null {
  const words = openerWords(opener);
  if (!words) return null;
  const [program = ''] = words.map((w) => w.text);
  if (query) return kind === 'database' ? wrapQuery(opener, inner) : null;
  switch (kind) {
    case 'pod':
    case 'toolbox':
      if (program === 'oc' || program === 'kubectl') return wrapPod(words, inner);
      return null;
    case 'node':
      return /^(?:oc|kubectl)$/.test(program) && /\bnode\//.test(opener) ? `${opener} -- ${innerForm(inner)}` : null;
    case 'chroot':
      return nested ? `${opener} ${innerForm(inner)}` : null;
    case 'ssh':
      return program === 'ssh' ? `${opener} ${shellQuote(inner)}` : null;
    case 'vm':
      return program === 'virtctl' && words.some((w) => w.text === 'ssh')
        ? `${opener} --command=${shellQuote(inner)}`
        : null;
    case 'container':
      return wrapContainer(words, inner);
    case 'shell':
      if (/^sudo\s+(?:-i|-s|su\b)/.test(opener)) return `sudo sh -c ${shellQuote(inner)}`;
      return /^(?:bash|sh|zsh)$/.test(opener) ? inner : null;
    default:
      return null;
  }
}

interface Word {
  text: string;
}

/** The opener's words as written (quotes and `$(…)` kept), name first. */
function openerWords(opener: string): Word[] | null {
  const memo = shellMemo(opener);
  if (memo.openerWords !== undefined) return memo.openerWords as Word[] | null;
  const command = firstCommand(parseShell(opener));
  const words = command
    ? command.namedChildren
        .filter((c) => c.type !== 'variable_assignment' && c.type !== 'file_redirect')
        .map((c) => ({ text: opener.slice(c.startIndex, c.endIndex) }))
    : null;
  memo.openerWords = words;
  return words;
}

const POD_VALUE_FLAGS = new Set([
  '-n',
  '--namespace',
  '-c',
  '--container',
  '--context',
  '--kubeconfig',
  '--cluster',
  '--user',
  '--request-timeout',
  '-s',
  '--server',
]);
const TTY_FLAGS = /^(?:-i|-t|-it|-ti|--stdin(?:=true)?|--tty(?:=true)?|-T|--no-tty|-q|--quiet)$/;

/** `oc rsh [flags] pod [shell]` or `oc exec -it [flags] pod -- bash` → `oc exec [flags] pod -- inner`. */
function wrapPod(words: Word[], inner: string): string | null {
  const [program, sub, ...rest] = words.map((w) => w.text);
  if (sub !== 'rsh' && sub !== 'exec') return null;
  const kept: string[] = [];
  let pod: string | null = null;
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    if (word === '--') break;
    if (/^--shell(?:=|$)/.test(word)) {
      if (word === '--shell') i++;
      continue;
    }
    if (TTY_FLAGS.test(word)) continue;
    if (word.startsWith('-')) {
      kept.push(word);
      if (POD_VALUE_FLAGS.has(word) && i + 1 < rest.length) kept.push(rest[++i]!);
      continue;
    }
    if (pod === null) pod = word;
    else if (sub === 'rsh') break; // `oc rsh pod bash`: the shell it would start
  }
  if (!pod) return null;
  return `${program} exec ${[...kept, pod].join(' ')} -- ${innerForm(inner)}`;
}

/** `podman exec -it c sh` → `podman exec c inner`. */
function wrapContainer(words: Word[], inner: string): string | null {
  const [program, sub, ...rest] = words.map((w) => w.text);
  if (sub !== 'exec' || !program) return null;
  const kept = rest.filter((w) => !TTY_FLAGS.test(w));
  const target = kept.findIndex((w) => !w.startsWith('-'));
  if (target < 0) return null;
  return `${program} exec ${kept.slice(0, target + 1).join(' ')} ${innerForm(inner)}`;
}

/**
 * `psql -U postgres` + a query → `psql -U postgres -c '…'`; `oc exec -it pod -- redis-cli`
 * + `INFO` → `oc exec pod -- redis-cli INFO`.
 */
function wrapQuery(opener: string, query: string): string | null {
  const text = query.trim();
  const words = openerWords(opener);
  if (text === '' || !words) return null;
  const program = words[0]!.text;
  if (/^(?:oc|kubectl|docker|podman|nerdctl|crictl)$/.test(program) && words[1]?.text === 'exec') {
    const split = /^(.*?)\s--\s+(.*)$/.exec(opener) ?? /^(\S+\s+exec\s+(?:-\S+\s+)*\S+)\s+(.*)$/.exec(opener);
    if (!split) return null;
    const inner = wrapQuery(split[2]!, text);
    const outer = split[1]!
      .split(/\s+/)
      .filter((w) => !TTY_FLAGS.test(w))
      .join(' ');
    return inner ? `${outer}${/\s--\s/.test(opener) ? ' --' : ''} ${inner}` : null;
  }
  switch (program) {
    case 'psql':
      return `${opener} -c ${shellQuote(text)}`;
    case 'mysql':
      return `${opener} -e ${shellQuote(text)}`;
    case 'redis-cli':
      return text.includes('\n') ? null : `${opener} ${text.split(/\s+/).map(shellWord).join(' ')}`;
    case 'mongo':
    case 'mongosh':
      return `${opener} --eval ${shellQuote(text)}`;
    default:
      return null;
  }
}

const UNSAFE_IN_ARGS = new Set([
  'simple_expansion',
  'expansion',
  'command_substitution',
  'process_substitution',
  'file_redirect',
  'heredoc_redirect',
  'herestring_redirect',
  'arithmetic_expansion',
]);

/** The command as arguments when it is one plain command, else through `sh -c '…'`. */
function innerForm(command: string): string {
  return isPlainCommand(command) ? command : `sh -c ${shellQuote(command)}`;
}

function isPlainCommand(command: string): boolean {
  if (command.includes('\n')) return false;
  const root = parseShell(command);
  if (root.hasError) return false;
  const top = root.namedChildren.filter((n: ShellNode) => n.type !== 'comment');
  if (top.length !== 1 || top[0]!.type !== 'command') return false;
  if (descendants(top[0]!, UNSAFE_IN_ARGS).length > 0) return false;
  return !top[0]!.namedChildren.some(
    (c) => c.type === 'variable_assignment' || (c.type === 'word' && /[*?[~]/.test(c.text)),
  );
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function shellWord(word: string): string {
  return /^[\w./:=@,+%-]+$/.test(word) ? word : shellQuote(word);
}
