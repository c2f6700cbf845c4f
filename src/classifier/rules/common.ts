import type { Invocation, Stdin } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import type { Word } from '../scanner/word.js';
import { cloudVerbLevel } from './cloud-verbs.js';
import { finding, type RuleContext, type ScriptSource } from './rule.js';

const HELP_TOKENS = new Set(['--help', '--version', 'help']);
/** `kubectl rollout status --help`: words naming a subcommand, not a target. */
const COMMAND_WORD = /^[a-z][a-z0-9-]*$/;
const MAX_COMMAND_WORDS = 2;

/**
 * A pure help or version request: the tool prints text and exits. Only when nothing else in
 * the command line could act (decision 0021): every other word is a subcommand name (at most
 * two, before the help token), no other option is given and nothing follows the token. So
 * `helm upgrade api ./chart --version 1.2.3` (the chart's version) and `kubectl delete ns
 * prod --help` are classified as what they would do, not as help.
 */
export function asksForHelp(args: readonly Word[], extra: readonly string[] = []): boolean {
  const at = args.findIndex((a) => a.value !== null && (HELP_TOKENS.has(a.value) || extra.includes(a.value)));
  if (at < 0 || at !== args.length - 1) return false;
  const before = args.slice(0, at);
  if (before.length > MAX_COMMAND_WORDS || !before.every((a) => a.value !== null && COMMAND_WORD.test(a.value)))
    return false;
  // `helm uninstall api --help`, `systemctl stop sshd --help`: after an action, the next word is its target.
  return before.length < 2 || !isActionWord(before[0]!.value!);
}

/** A word naming an action (stop, delete, uninstall, apply …) rather than a group of commands. */
function isActionWord(word: string): boolean {
  const verb = cloudVerbLevel(word);
  return (
    (verb !== null && verb.level !== 'safe') ||
    /^(rm|del|kill|uninstall|purge|drop|wipe|destroy|down|up|exec|run)$/.test(word)
  );
}

export function helpFinding(inv: Invocation, family: string): Finding[] {
  return [finding(inv, 'safe', `${family}.help`, 'Prints help or version text only.')];
}

/** A word holding a shell script (`bash -c '<script>'`), ready for a nested scan. */
export function scriptFromWord(word: Word): ScriptSource | null {
  if (word.value === null) return null;
  return { text: word.value, offsetBase: word.valueOffset, fallbackSpan: word.span };
}

/** Several words a remote shell joins with spaces (`ssh host ls -la`, `watch kubectl get pods`). */
export function scriptFromWords(words: readonly Word[]): ScriptSource | null {
  if (words.length === 0) return null;
  if (words.length === 1) return scriptFromWord(words[0]!);
  const values = words.map((w) => w.value);
  if (values.some((v) => v === null)) return null;
  const first = words[0]!;
  const last = words[words.length - 1]!;
  return { text: values.join(' '), offsetBase: null, fallbackSpan: { start: first.span.start, end: last.span.end } };
}

/**
 * Classifies a script held in words, or explains why it cannot: a script built at run time
 * is unknown, and one built from fetched or decoded text is dangerous.
 */
export function scanScriptWords(
  inv: Invocation,
  ctx: RuleContext,
  words: readonly Word[],
  family: string,
  stdin?: Stdin,
): Finding[] {
  // `git submodule foreach` with nothing after it: no script to read, and never safe.
  if (words.length === 0) return [finding(inv, 'unknown', `${family}.no-script`, 'No script was given to run.')];
  const source = scriptFromWords(words);
  if (source) return ctx.scanScript({ ...source, fanOut: inv.fanOut, stdin });
  const origins = words.flatMap((w) => w.substitutionOrigins);
  const first = words[0]!;
  const span = { start: first.span.start, end: words[words.length - 1]!.span.end };
  if (origins.some((o) => o === 'remote' || o === 'decoded')) {
    return [
      finding(
        inv,
        'dangerous',
        'exec.remote-code',
        'Runs code fetched or decoded at run time, which nobody reviewed.',
        { at: span },
      ),
    ];
  }
  // The inner shell parses the expanded text again, so a value could add syntax: never below
  // unknown. Reading the script with its expansions as written still finds what it plainly does.
  const approximation = words.map((w) => w.value ?? withoutOuterQuotes(w.raw)).join(' ');
  return [
    finding(inv, 'unknown', `${family}.dynamic-script`, 'Runs a script that contains values known only at run time.', {
      at: span,
    }),
    ...ctx.scanScript({ text: approximation, offsetBase: null, fallbackSpan: span, fanOut: inv.fanOut, stdin }),
  ];
}

function withoutOuterQuotes(raw: string): string {
  return raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
}

/**
 * What running the code on stdin means: known text is scanned; fetched or decoded text is
 * dangerous; a file or another command's output is unknown; no stdin is an interactive session.
 */
export function scanStdinScript(
  inv: Invocation,
  ctx: RuleContext,
  family: string,
  interactive: () => Finding[],
): Finding[] {
  const stdin: Stdin = inv.stdin;
  switch (stdin.kind) {
    case 'terminal':
      return interactive();
    case 'text': {
      const scanned = ctx.scanScript({ text: stdin.text, offsetBase: stdin.offsetBase, fallbackSpan: stdin.span });
      if (stdin.origin === 'decoded' || stdin.origin === 'remote') {
        return [
          finding(
            inv,
            'unknown',
            'exec.obfuscated-code',
            'Runs text that was decoded or fetched before being executed.',
          ),
          ...scanned,
        ];
      }
      return scanned;
    }
    case 'file':
      if (stdin.path.value === '/dev/null')
        return [finding(inv, 'safe', `${family}.empty-input`, 'Reads no commands (stdin is /dev/null).')];
      if (/^\/dev\/(tcp|udp)\//.test(stdin.path.value ?? '')) {
        return [finding(inv, 'dangerous', 'exec.remote-code', 'Runs commands read from a network connection.')];
      }
      return [
        finding(
          inv,
          'unknown',
          `${family}.script-file`,
          `Runs commands from ${stdin.path.raw}, whose content is unseen.`,
          {
            target: stdin.path.value,
          },
        ),
      ];
    case 'command':
      if (stdin.origin === 'remote') {
        return [
          finding(
            inv,
            'dangerous',
            'exec.remote-code',
            'Pipes code fetched from the network straight into an interpreter.',
          ),
        ];
      }
      if (stdin.origin === 'decoded') {
        return [
          finding(
            inv,
            'dangerous',
            'exec.obfuscated-code',
            'Pipes decoded or transformed text into an interpreter; what runs is hidden.',
          ),
        ];
      }
      return [
        finding(
          inv,
          'unknown',
          `${family}.piped-script`,
          'Runs commands produced by another program; their content is unseen.',
        ),
      ];
  }
}

/** `NAME=value` words at the start of a payload (`sudo FOO=1 cmd`, `env A=b cmd`). */
export function splitAssignments(words: readonly Word[]): { assignments: Word[]; payload: Word[] } {
  let i = 0;
  // A quoted assignment with a run-time value (`"PATH=$PATH"`) is still an assignment.
  while (i < words.length && /^["']?[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!.value ?? words[i]!.raw)) i++;
  return { assignments: words.slice(0, i), payload: words.slice(i) };
}

export function spanOf(words: readonly Word[]): { start: number; end: number } | null {
  if (words.length === 0) return null;
  return { start: words[0]!.span.start, end: words[words.length - 1]!.span.end };
}

/** Secret-looking variable names: printing one posts a credential in the channel. */
export const SECRET_NAME =
  /(PASS(WORD|WD)?|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?|AUTH|PGPASSWORD|SESSION)/i;
