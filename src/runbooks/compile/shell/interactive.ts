import { afterSudoOptions } from './lines.js';
import { commandWords, firstCommand, parseShell } from './parser.js';

/**
 * Commands that wait for a person (a shell session, an editor) or never end on their own
 * (`logs -f`). Each step runs as its own non-interactive process with a timeout, so these
 * need the author's attention.
 */
export type InteractiveKind = 'session' | 'editor' | 'follow';

export interface InteractiveUse {
  kind: InteractiveKind;
  /** The words that make it so, for the message: `kubectl exec -it`. */
  what: string;
}

/** Options that take a value, so the value is not mistaken for a positional argument. */
const VALUE_OPTIONS: Record<string, ReadonlySet<string>> = {
  kubectl: new Set([
    '-n',
    '--namespace',
    '-c',
    '--container',
    '--context',
    '-l',
    '--selector',
    '-o',
    '--kubeconfig',
    '--image',
    '--profile',
    '--cluster',
    '--user',
    '-f',
    '--filename',
  ]),
  ssh: new Set([
    '-i',
    '-p',
    '-l',
    '-o',
    '-J',
    '-F',
    '-b',
    '-c',
    '-D',
    '-E',
    '-L',
    '-R',
    '-W',
    '-w',
    '-S',
    '-Q',
    '-m',
    '-O',
    '-e',
    '-I',
  ]),
  'redis-cli': new Set([
    '-h',
    '-p',
    '-a',
    '-n',
    '-s',
    '-u',
    '--user',
    '--pass',
    '--tls',
    '--cacert',
    '--cert',
    '--key',
    '-r',
    '-i',
    '--sni',
  ]),
};
VALUE_OPTIONS.oc = VALUE_OPTIONS.kubectl!;

function positionals(words: string[], program: string): string[] {
  const takesValue = VALUE_OPTIONS[program] ?? new Set<string>();
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--') break;
    if (word.startsWith('-')) {
      if (takesValue.has(word)) i++;
      continue;
    }
    out.push(word);
  }
  return out;
}

const SHELLS = new Set(['bash', 'sh', 'zsh', 'ash', '/bin/bash', '/bin/sh', 'fish']);
const EDITORS = new Set(['vi', 'vim', 'nvim', 'nano', 'emacs', 'less', 'more']);
const SCREENS = new Set(['top', 'htop', 'k9s', 'watch', 'tmux', 'screen', 'iftop', 'nload']);

interface Invocation {
  program: string;
  args: string[];
  /** Any of these flags, alone or in a cluster (`-it` has `-i`). */
  has: (...flags: string[]) => boolean;
  /** The words after `--`, null without one. */
  afterDashDash: string[] | null;
}

export function interactiveUse(command: string): InteractiveUse | null {
  const first = firstCommand(parseShell(command));
  if (!first) return null;
  let words = commandWords(first);
  while (words[0] === 'sudo' && words.length > 1 && !['-i', '-s'].includes(words[1]!)) {
    words = words.slice(afterSudoOptions(words, 1));
  }
  const [program = '', ...args] = words;
  const has = (...flags: string[]) =>
    args.some(
      (a) =>
        flags.includes(a) || (/^-[a-zA-Z]+$/.test(a) && flags.some((f) => /^-[a-zA-Z]$/.test(f) && a.includes(f[1]!))),
    );
  const afterDashDash = args.includes('--') ? args.slice(args.indexOf('--') + 1) : null;
  const call: Invocation = { program, args, has, afterDashDash };
  if (program === 'kubectl' || program === 'oc') return clusterClientUse(call);
  if (program === 'docker' || program === 'podman' || program === 'nerdctl') return containerUse(call);
  return databaseUse(call) ?? otherUse(call);
}

/** A shell or interactive program: what `-- …` (or the words after a container) start. */
function startsSession(words: string[]): boolean {
  const inner = words.join(' ');
  return SHELLS.has(words[0] ?? '') || (inner !== '' && interactiveUse(inner)?.kind === 'session');
}

function clusterClientUse({ program, args, has, afterDashDash }: Invocation): InteractiveUse | null {
  const [sub = '', ...rest] = positionals(args, program);
  const dashDash = afterDashDash !== null;
  if (sub === 'edit') return { kind: 'editor', what: `${program} edit` };
  if (sub === 'debug' && !dashDash) return { kind: 'session', what: `${program} debug` };
  if (sub === 'rsh' && !dashDash && rest.length <= 1) return { kind: 'session', what: `${program} rsh` };
  if (sub === 'attach') return { kind: 'session', what: `${program} attach` };
  if (sub === 'exec' && (!dashDash || (has('-i', '-t', '--stdin', '--tty') && startsSession(afterDashDash)))) {
    return { kind: 'session', what: `${program} exec` };
  }
  if ((sub === 'logs' || sub === 'log') && has('-f', '--follow')) return { kind: 'follow', what: `${program} logs -f` };
  if ((sub === 'get' || sub === 'events') && has('-w', '--watch'))
    return { kind: 'follow', what: `${program} ${sub} --watch` };
  if (sub === 'port-forward' || sub === 'proxy') return { kind: 'follow', what: `${program} ${sub}` };
  return null;
}

function containerUse({ program, args, has }: Invocation): InteractiveUse | null {
  if (args[0] === 'exec' && has('-i', '-t')) {
    const target = args.findIndex((a, i) => i > 0 && !a.startsWith('-'));
    if (SHELLS.has(args.at(-1) ?? '') || (target > 0 && startsSession(args.slice(target + 1)))) {
      return { kind: 'session', what: `${program} exec -it` };
    }
  }
  if (args[0] === 'logs' && has('-f', '--follow')) return { kind: 'follow', what: `${program} logs -f` };
  return null;
}

/** Database clients without a command to run: a prompt to type into. */
function databaseUse({ program, args, has }: Invocation): InteractiveUse | null {
  if (program === 'psql' && !has('-c', '--command', '-f', '--file', '-l', '--list'))
    return { kind: 'session', what: 'psql' };
  if (program === 'mysql' && !has('-e', '--execute')) return { kind: 'session', what: 'mysql' };
  if (
    program === 'redis-cli' &&
    positionals(args, 'redis-cli').length === 0 &&
    !has('--bigkeys', '--memkeys', '--stat', '--scan', '--latency')
  ) {
    return { kind: 'session', what: 'redis-cli' };
  }
  if ((program === 'mongo' || program === 'mongosh') && !has('--eval', '-f', '--file'))
    return { kind: 'session', what: program };
  return null;
}

function otherUse({ program, args, has, afterDashDash }: Invocation): InteractiveUse | null {
  if (program === 'virtctl') {
    const sub = args.find((a) => !a.startsWith('-')) ?? '';
    if (sub === 'console' || sub === 'vnc') return { kind: 'session', what: `virtctl ${sub}` };
    return sub === 'ssh' && !has('--command', '-c') ? { kind: 'session', what: 'virtctl ssh' } : null;
  }
  if (program === 'toolbox' && args.length === 0) return { kind: 'session', what: 'toolbox' };
  if (program === 'crictl' && args[0] === 'exec' && has('-i', '-t'))
    return { kind: 'session', what: 'crictl exec -it' };
  if (program === 'ssh') return positionals(args, 'ssh').length <= 1 ? { kind: 'session', what: 'ssh' } : null;
  if (program === 'chroot' && args.filter((a) => !a.startsWith('-')).length <= 1)
    return { kind: 'session', what: 'chroot' };
  if (program === 'nsenter' && afterDashDash === null && !args.some((a) => !a.startsWith('-')))
    return { kind: 'session', what: 'nsenter' };
  if (SHELLS.has(program) && args.every((a) => a === '-l' || a === '-i' || a === '--login'))
    return { kind: 'session', what: program };
  if (program === 'su' || (program === 'sudo' && has('-i', '-s')))
    return { kind: 'session', what: program === 'su' ? 'su' : 'sudo -i' };
  if (EDITORS.has(program)) return { kind: 'editor', what: program };
  if (SCREENS.has(program)) return { kind: 'follow', what: program };
  if ((program === 'tail' && has('-f', '-F', '--follow')) || (program === 'journalctl' && has('-f', '--follow'))) {
    return { kind: 'follow', what: `${program} -f` };
  }
  return null;
}
