import { exfiltrationFindings } from '../rules/exfiltration.js';
import { optionEffects } from '../rules/option-effects.js';
import { ruleFor, ruleForPathProgram } from '../rules/registry.js';
import { finding, type RuleContext, type ScriptSource } from '../rules/rule.js';
import { destructiveWordFinding } from '../rules/verb-cli.js';
import { wrapperRules } from '../rules/wrappers.js';
import { spend } from './budget.js';
import { envAssignmentFindings } from './env-assignments.js';
import type { Invocation, Stdin } from './invocation.js';
import { programNameOf } from './program-name.js';
import type { Finding, FunctionBody, ScriptScope } from './scope.js';
import type { Word } from './word.js';

/**
 * Classifies one simple command: resolves how its name was written, checks its environment
 * prefix, then hands it to the tool family's rule. Unrecognised programs are unknown.
 */
export function classifyInvocation(inv: Invocation, scope: ScriptScope): Finding[] {
  const findings = envAssignmentFindings(inv.envPrefix, inv.span, (text, span) =>
    scope.state.recurse.walkScript(scope.state, { text, offsetBase: null, fallbackSpan: span }, scope.depth + 1),
  );
  findings.push(...classifyByName(inv, scope));
  return findings;
}

function classifyByName(inv: Invocation, scope: ScriptScope): Finding[] {
  const nameWord = inv.nameWord;
  const ctx = ruleContext(scope);

  if (nameWord.usesIfs || inv.args.some((a) => a.usesIfs)) return withIfsRescan(inv, ctx);
  const pathProgram = nameWord.value === null ? staticBasename(nameWord.raw) : null;
  if (pathProgram) return programAtPath(inv, ctx, pathProgram);
  if (nameWord.value === null) {
    return [
      finding(inv, 'unknown', 'shell.dynamic-command', 'The program to run is only known at run time.', {
        at: nameWord,
      }),
      ...substitutionRisk(inv, nameWord),
    ];
  }
  // `$(echo rm)`, `$X` with X=rm: classify what it resolves to, but never below unknown.
  if (nameWord.raw.includes('$') || nameWord.raw.includes('`')) {
    const computed = finding(
      inv,
      'unknown',
      'shell.computed-command',
      `The program name is computed (${nameWord.raw}).`,
      {
        at: nameWord,
      },
    );
    const rescan = ctx.scanScript({
      text: [nameWord.value, ...inv.args.map((a) => a.raw)].join(' '),
      offsetBase: null,
      fallbackSpan: inv.span,
    });
    return [computed, ...rescan];
  }

  if (scope.functionStack.includes(inv.name)) {
    return [
      finding(
        inv,
        'dangerous',
        'shell.recursive-function',
        `${inv.name} calls itself: a fork bomb pattern that can exhaust the host.`,
      ),
    ];
  }
  const body = scope.functions.get(inv.name);
  if (body) return functionCall(inv, scope, body);

  const { name, isScriptPath } = programNameOf(nameWord.value);
  if (isScriptPath) return programAtPath(inv, ctx, name);
  return byRule(inv, ctx, name);
}

/** The family rule for a program name, then the options every family shares (option-effects.ts). */
function byRule(inv: Invocation, ctx: RuleContext, name: string): Finding[] {
  const rule = ruleFor(name);
  if (!rule) {
    const destructive = destructiveWordFinding(inv, leadingWords(inv), null);
    return [
      finding(inv, 'unknown', 'program.unknown', `${name} is not a program the scanner knows.`, { target: null }),
      ...(destructive ? [destructive] : []),
      ...optionEffects(inv, ctx),
    ];
  }
  const results = rule(inv, ctx);
  if (results.length === 0) results.push(finding(inv, 'unknown', 'rule.no-verdict', `No rule decided for ${name}.`));
  results.push(...destructiveUnknownSubcommand(inv, results));
  // A wrapper's arguments are its payload's, which was classified as a command of its own.
  if (!PAYLOAD_RUNNERS.has(name)) results.push(...optionEffects(inv, ctx), ...exfiltrationFindings(inv));
  return results;
}

/**
 * A known program's subcommand its rule does not know (`podman system reset`, `systemctl
 * clean`, `terragrunt run-all destroy`) is judged like an unknown program's (decision 0022):
 * a destructive verb among its first words makes it dangerous (decision 0027).
 */
const UNKNOWN_SUBCOMMAND = /\.unknown-(subcommand|command|verb|operation|action)$/;
function destructiveUnknownSubcommand(inv: Invocation, results: readonly Finding[]): Finding[] {
  if (!results.some((f) => f.level === 'unknown' && UNKNOWN_SUBCOMMAND.test(f.ruleId))) return [];
  const destructive = destructiveWordFinding(inv, leadingWords(inv), null);
  return destructive ? [destructive] : [];
}

/** Programs that only run a payload (sudo, env, timeout …). */
const PAYLOAD_RUNNERS: ReadonlySet<string> = new Set(Object.keys(wrapperRules));

/** Directories anyone can write to: a program there may be anything. */
const WORLD_WRITABLE = /^(\/tmp|\/var\/tmp|\/dev\/shm)(\/|$)/;

/**
 * `bin/kafka-topics.sh`, `/opt/redis/bin/redis-cli`, `$KAFKA_HOME/bin/kafka-topics.sh`: a
 * program called by a path is judged by its own name when the scanner knows it (decision
 * 0022), and every reason says which path ran. Scripts it does not know, and anything in a
 * world-writable directory, stay unknown.
 */
function programAtPath(inv: Invocation, ctx: RuleContext, path: string): Finding[] {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const known = base !== '' && !WORLD_WRITABLE.test(path) && ruleForPathProgram(base) !== undefined;
  if (!known) {
    const destructive = destructiveWordFinding(inv, leadingWords(inv), null);
    return [
      finding(
        inv,
        'unknown',
        'program.script',
        `Runs ${path}, a script or binary whose effect the scanner cannot see.`,
        {
          target: path,
        },
      ),
      ...(destructive ? [destructive] : []),
    ];
  }
  const named: Invocation = { ...inv, name: base };
  return byRule(named, ctx, base).map((f) =>
    f.span.start === inv.span.start && f.span.end === inv.span.end
      ? { ...f, message: `${f.message} (runs ${path})` }
      : f,
  );
}

/** The first words of a command that could be subcommands (not options). */
function leadingWords(inv: Invocation): Word[] {
  return inv.args.filter((a) => a.value === null || !a.value.startsWith('-')).slice(0, 4);
}

/**
 * A call of a function defined in this command runs its body, with this call's stdin: the
 * body is walked again for each call (decision 0021), so `f() { sh; }; echo 'rm -rf /' | f`
 * is judged by what reaches that shell, and a function shadowing a program (`cat() { … }`)
 * is judged by its body, not by the program's name.
 */
function functionCall(inv: Invocation, scope: ScriptScope, body: FunctionBody): Finding[] {
  const call = finding(inv, 'safe', 'shell.function-call', `Calls ${inv.name}, a function defined in this command.`);
  const ran = scope.state.recurse.walkScript(
    scope.state,
    {
      text: body.text,
      offsetBase: body.offsetBase,
      fallbackSpan: body.span,
      stdin: inv.stdin,
      fanOut: inv.fanOut,
      functions: scope.functions,
      functionStack: [...scope.functionStack, inv.name],
    },
    scope.depth + 1,
  );
  return [call, ...ran];
}

/** `$KAFKA_HOME/bin/kafka-topics.sh`: a directory known only at run time, a program name written out. */
function staticBasename(raw: string): string | null {
  const m = /^([^'"`\\]*\$\{?[A-Za-z_]\w*\}?[^'"`\\$]*)\/([A-Za-z0-9][\w.+-]*)$/.exec(raw);
  return m ? raw : null;
}

function ruleContext(scope: ScriptScope): RuleContext {
  return {
    scanScript: (source: ScriptSource) => scope.state.recurse.walkScript(scope.state, source, scope.depth + 1),
    scanArgv: (words: Word[], options?: { fanOut?: boolean; stdin?: Stdin }) => scanArgv(scope, words, options),
  };
}

/** A wrapper's payload (`sudo <payload>`) classified as a command of its own, one level deeper. */
function scanArgv(scope: ScriptScope, words: Word[], options: { fanOut?: boolean; stdin?: Stdin } = {}): Finding[] {
  const first = words[0];
  if (!first) return [];
  const last = words[words.length - 1]!;
  const nested: ScriptScope = { ...scope, depth: scope.depth + 1 };
  const span = { start: first.span.start, end: last.span.end };
  const text = words.map((w) => w.raw).join(' ');
  if (!spend(scope.state.budget, 'nesting', 1)) return [];
  if (nested.depth > scope.state.maxDepth) {
    return [
      {
        level: 'unknown',
        ruleId: 'limit.depth',
        message: `Nested more than ${scope.state.maxDepth} levels deep; the scanner stops looking here.`,
        segment: text,
        span,
        target: null,
      },
    ];
  }
  const inv: Invocation = {
    name: first.value === null ? '' : programNameOf(first.value).name,
    nameWord: first,
    args: words.slice(1),
    text,
    span,
    stdin: options.stdin ?? { kind: 'terminal' },
    fanOut: options.fanOut ?? false,
    envPrefix: [],
  };
  return classifyInvocation(inv, nested);
}

/** `rm${IFS}-rf${IFS}/`: re-read the command with IFS as the space it is by default. */
function withIfsRescan(inv: Invocation, ctx: RuleContext): Finding[] {
  const text = inv.text.replace(/\$\{IFS\}|\$IFS/g, ' ');
  return [
    finding(inv, 'unknown', 'shell.ifs-obfuscation', 'Uses $IFS to split words, a common way to hide a command.', {
      at: inv.nameWord,
    }),
    ...ctx.scanScript({ text, offsetBase: null, fallbackSpan: inv.span }),
  ];
}

/** A name produced by `$(curl …)` or `$(… | base64 -d)` runs code nobody reviewed. */
function substitutionRisk(inv: Invocation, word: Word): Finding[] {
  if (!word.substitutionOrigins.some((o) => o === 'remote' || o === 'decoded')) return [];
  return [
    finding(inv, 'dangerous', 'exec.remote-code', 'Runs a command fetched or decoded at run time.', { at: word }),
  ];
}
