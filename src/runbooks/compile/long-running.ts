import type { LongRunning } from '../types.js';
import { interactiveUse } from './shell/interactive.js';
import { commandWords, firstCommand, parseShell, type ShellNode } from './shell/parser.js';

/**
 * Commands that run until someone stops them: a follow (`logs -f`, `tail -f`, `journalctl
 * -f`, `--watch`), a screen (`top`, `watch`), a sampler given an interval but no count
 * (`pidstat 1`, `iostat -x 1`), `ping` without `-c`. Each step runs to a timeout, so the
 * step is flagged with a bounded form that ends on its own.
 */
export function longRunning(command: string): LongRunning | null {
  const root = parseShell(command);
  const first = firstCommand(root);
  if (!first) return null;
  const words = commandWords(first);
  const [program = '', ...args] = words;
  const text = sliceOf(command, first);
  const bounded = (replacement: string | null) =>
    replacement === null ? null : command.slice(0, first.startIndex) + replacement + command.slice(first.endIndex);
  const use = interactiveUse(command);
  if (use?.kind === 'follow') return follow(program, args, text, use.what, bounded);
  const sampler = SAMPLERS.get(program);
  if (sampler !== undefined) {
    const numbers = args.filter((a) => /^\d+(?:\.\d+)?$/.test(a));
    if (numbers.length === 1 && !args.some((a) => sampler.includes(a))) {
      return {
        what: `\`${program} ${numbers[0]}\` samples every ${numbers[0]} s until stopped`,
        bounded: bounded(`${text} 5`),
      };
    }
  }
  if (program === 'ping' && !args.some((a) => /^-[a-zA-Z]*c/.test(a))) {
    return { what: '`ping` without `-c` pings until stopped', bounded: bounded(text.replace(/^ping\b/, 'ping -c 5')) };
  }
  if (program === 'tcpdump' && !args.some((a) => /^-[a-zA-Z]*c/.test(a))) {
    return {
      what: '`tcpdump` without `-c` captures until stopped',
      bounded: bounded(text.replace(/^tcpdump\b/, 'tcpdump -c 100')),
    };
  }
  return null;
}

/** Samplers and the flags that already bound them (a count given another way). */
const SAMPLERS = new Map<string, string[]>([
  ['pidstat', []],
  ['mpstat', []],
  ['iostat', []],
  ['vmstat', []],
  ['sar', ['-f']],
  ['dstat', []],
  ['nfsiostat', []],
]);

function follow(
  program: string,
  args: string[],
  text: string,
  what: string,
  bounded: (replacement: string | null) => string | null,
): LongRunning {
  const without = (flags: RegExp) =>
    text
      .replace(flags, '')
      .replace(/\s{2,}/g, ' ')
      .trim();
  const message = `\`${what}\` keeps running until it is stopped`;
  if (program === 'top') return { what: message, bounded: bounded(`${text} -b -n 1`) };
  if (program === 'watch') return { what: message, bounded: bounded(watchedCommand(args)) };
  if (program === 'tail')
    return {
      what: message,
      bounded: bounded(without(/\s(?:-f|-F|--follow(?:=\w+)?)(?=\s|$)/g).replace(/^tail\b(?! -n)/, 'tail -n 200')),
    };
  if (program === 'journalctl') {
    const base = without(/\s(?:-f|--follow)(?=\s|$)/g);
    return {
      what: message,
      bounded: bounded(/\s-n\s|--lines/.test(base) ? `${base} --no-pager` : `${base} -n 200 --no-pager`),
    };
  }
  if (/\blogs?\b/.test(what)) {
    const base = without(/\s(?:-f|--follow(?:=true)?)(?=\s|$)/g).replace(
      /\s-([a-zA-Z]*)f([a-zA-Z]*)(?=\s|$)/,
      (_m, a, b) => (a + b ? ` -${a}${b}` : ''),
    );
    return { what: message, bounded: bounded(/--tail|--since/.test(base) ? base : `${base} --tail=200`) };
  }
  if (/--watch|-w\b/.test(what) || args.some((a) => a === '-w' || a === '--watch' || a === '--watch-only')) {
    return { what: message, bounded: bounded(without(/\s(?:-w|--watch(?:-only)?)(?=\s|$)/g)) };
  }
  return { what: message, bounded: bounded(`timeout 60 ${text}`) };
}

/** `watch -n 5 df -h /var` → `df -h /var`: the command it repeats, once. */
function watchedCommand(args: string[]): string | null {
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-'))
    i += /^(?:-n|--interval|-d|--differences)$/.test(args[i]!) && args[i] !== '-d' ? 2 : 1;
  const rest = args.slice(i);
  return rest.length > 0 ? rest.join(' ') : null;
}

function sliceOf(command: string, node: ShellNode): string {
  return command.slice(node.startIndex, node.endIndex);
}
