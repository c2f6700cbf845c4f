import type { Invocation } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import type { Word } from '../scanner/word.js';
import { asksForHelp, helpFinding, scanScriptWords, scanStdinScript } from './common.js';
import { inPlaceEdits } from './in-place.js';
import { shellCommandsIn } from './inline-code.js';
import { caution, finding, type Rule, type RuleContext, type RuleTable, safe, unknown } from './rule.js';

/** Options of POSIX shells that consume the next word. */
const SHELL_VALUED = new Set(['-o', '+o', '-O', '+O', '--rcfile', '--init-file']);

interface ShellCall {
  /** `-c`: the first positional is the script. */
  inline: boolean;
  /** `-s`: the script is read from stdin; positionals are its arguments. */
  fromStdin: boolean;
  /** Options that load code from a file (`--rcfile x`). */
  rcFile: Word | null;
  positionals: Word[];
}

function parseShellArgs(args: readonly Word[]): ShellCall {
  let inline = false;
  let fromStdin = false;
  let rcFile: Word | null = null;
  let i = 0;
  for (; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === null || !(v.startsWith('-') || v.startsWith('+')) || v === '-' || v === '+') break;
    if (v === '--') {
      i++;
      break;
    }
    if (SHELL_VALUED.has(v)) {
      if (v === '--rcfile' || v === '--init-file') rcFile = args[i + 1] ?? null;
      i++;
      continue;
    }
    if (!v.startsWith('--') && v.slice(1).includes('c')) inline = true;
    if (!v.startsWith('--') && v.startsWith('-') && v.slice(1).includes('s')) fromStdin = true;
  }
  return { inline, fromStdin, rcFile, positionals: args.slice(i) };
}

/** bash, sh, zsh …: `-c '<script>'` and heredoc/pipe input are scanned as shell. */
const posixShell: Rule = (inv, ctx) => {
  if (asksForHelp(inv.args)) return helpFinding(inv, 'shell');
  const call = parseShellArgs(inv.args);
  const rc = call.rcFile
    ? [finding(inv, 'unknown', 'shell.rc-file', `Loads startup code from ${call.rcFile.raw}, whose content is unseen.`)]
    : [];
  if (call.inline) {
    const script = call.positionals[0];
    if (!script) return [...rc, ...unknown(inv, 'shell.missing-script', 'The shell was given -c without a script.')];
    return [...rc, ...scanScriptWords(inv, ctx, [script], 'shell')];
  }
  const file = call.fromStdin ? undefined : call.positionals[0];
  if (file) return [...rc, ...scriptFile(inv, file)];
  return [...rc, ...scanStdinScript(inv, ctx, 'shell', () => interactive(inv))];
};

function scriptFile(inv: Invocation, file: Word): Finding[] {
  const origins = file.substitutionOrigins;
  if (origins.includes('remote') || origins.includes('decoded')) {
    return [
      finding(inv, 'dangerous', 'exec.remote-code', 'Runs a script fetched at run time, which nobody reviewed.', {
        at: file,
      }),
    ];
  }
  return [
    finding(inv, 'unknown', 'program.script', `Runs the script ${file.raw}, whose content is unseen.`, {
      target: file.value,
      at: file,
    }),
  ];
}

function interactive(inv: Invocation): Finding[] {
  return caution(inv, 'session.interactive', 'Opens an interactive shell; what is typed next is not reviewed here.');
}

/** Interpreters the scanner does not analyse: inline code and scripts are unknown. */
const INLINE_CODE_FLAGS = new Set([
  '-c',
  '-e',
  '-E',
  '-p',
  '-r',
  '--eval',
  '--print',
  '-ne',
  '-pe',
  '-lne',
  '-lpe',
  '-ane',
]);
const SAFE_PYTHON_MODULES = new Set(['json.tool', 'platform', 'sysconfig', 'site', 'this', 'tabnanny', 'py_compile']);

const interpreter: Rule = (inv, ctx) => {
  if (asksForHelp(inv.args, ['-V', '-v', '--version'])) return helpFinding(inv, 'interpreter');
  const name = inv.name.replace(/[\d.]+$/, '');
  for (let i = 0; i < inv.args.length; i++) {
    const a = inv.args[i]!;
    const v = a.value;
    if (v === null)
      return unknown(inv, 'interpreter.dynamic', `Runs ${inv.name} with arguments known only at run time.`);
    if (name === 'python' && v === '-m') return pythonModule(inv, ctx, inv.args.slice(i + 1));
    if (INLINE_CODE_FLAGS.has(v) || (name === 'perl' && /^-[a-zA-Z]*e$/.test(v))) {
      const code = inv.args[i + 1];
      if (code?.substitutionOrigins.some((o) => o === 'remote' || o === 'decoded')) {
        return [finding(inv, 'dangerous', 'exec.remote-code', 'Runs code fetched at run time.', { at: code })];
      }
      const opaque = finding(
        inv,
        'unknown',
        'interpreter.inline-code',
        `Runs inline ${name} code, which the scanner does not analyse.`,
        {
          at: code ?? null,
        },
      );
      // A literal command the code hands to a shell is classified as the script it is.
      const shell = code?.value ? shellCommandsIn(code.value) : [];
      return [
        opaque,
        ...perlInPlace(inv, name, i),
        ...shell.flatMap((text) => ctx.scanScript({ text, offsetBase: null, fallbackSpan: code!.span })),
      ];
    }
    if (!v.startsWith('-') || v === '-') {
      if (v === '-') break;
      return scriptFile(inv, a);
    }
  }
  return scanStdinScriptOpaque(inv, ctx, name);
};

/**
 * `perl -pi -e '…' files` and `ruby -i -pe`: the files after the code are edited in place,
 * through the write policy like `sed -i` (decision 0027).
 */
function perlInPlace(inv: Invocation, name: string, codeFlagAt: number): Finding[] {
  if (name !== 'perl' && name !== 'ruby') return [];
  const flags = inv.args.slice(0, codeFlagAt + 1).map((a) => a.value ?? '');
  if (!flags.some((f) => /^-[a-zA-Z0-9]*i/.test(f) && !f.startsWith('--'))) return [];
  const files = inv.args.slice(codeFlagAt + 2).filter((a) => a.value === null || !a.value.startsWith('-'));
  return inPlaceEdits(inv, name, files);
}

function scanStdinScriptOpaque(inv: Invocation, ctx: RuleContext, name: string): Finding[] {
  if (inv.stdin.kind === 'terminal') {
    return caution(
      inv,
      'session.interactive',
      `Opens an interactive ${name} session; what is typed next is not reviewed here.`,
    );
  }
  if (inv.stdin.kind === 'command' && (inv.stdin.origin === 'remote' || inv.stdin.origin === 'decoded')) {
    return scanStdinScript(inv, ctx, name, () => []);
  }
  return unknown(inv, 'interpreter.stdin-code', `Runs ${name} code from stdin, which the scanner does not analyse.`);
}

function pythonModule(inv: Invocation, ctx: RuleContext, rest: Word[]): Finding[] {
  const module = rest[0]?.value ?? null;
  if (module === 'pip') return ctx.scanArgv([{ ...rest[0]!, value: 'pip' }, ...rest.slice(1)]);
  if (module !== null && SAFE_PYTHON_MODULES.has(module))
    return safe(inv, 'python.safe-module', `Runs the read-only module ${module}.`);
  if (module === 'http.server' || module === 'SimpleHTTPServer') {
    return caution(
      inv,
      'python.http-server',
      'Serves the current directory over HTTP to anyone who can reach the port.',
    );
  }
  return unknown(
    inv,
    'interpreter.module',
    `Runs the Python module ${module ?? '?'}, which the scanner does not analyse.`,
  );
}

const fish: Rule = (inv) =>
  inv.args.length === 0 && inv.stdin.kind === 'terminal'
    ? interactive(inv)
    : unknown(inv, 'shell.unsupported', 'fish syntax is not analysed.');

export const shellRules: RuleTable = {
  bash: posixShell,
  sh: posixShell,
  zsh: posixShell,
  dash: posixShell,
  ksh: posixShell,
  mksh: posixShell,
  ash: posixShell,
  rbash: posixShell,
  fish,
  python: interpreter,
  python2: interpreter,
  python3: interpreter,
  perl: interpreter,
  ruby: interpreter,
  node: interpreter,
  nodejs: interpreter,
  php: interpreter,
  lua: interpreter,
  Rscript: interpreter,
  deno: interpreter,
  bun: interpreter,
  pwsh: interpreter,
  osascript: interpreter,
  tclsh: interpreter,
  expect: interpreter,
  irb: interpreter,
  groovy: interpreter,
};
