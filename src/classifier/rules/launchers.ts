import type { Invocation } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import { argParser } from './args.js';
import { scanScriptWords } from './common.js';
import { caution, finding, type Rule, type RuleContext, type RuleTable } from './rule.js';

/**
 * Programs that start another program as part of their job (decision 0027): tracers and
 * profilers (`strace -f rm -rf /srv`, `perf stat -- cmd`, `gdb --args cmd`), and `script -c`. The program they start is classified as a payload, so a tracer is never
 * cheaper than what it runs; attaching to a live process stays caution (its data is printed).
 */

const TRACE_FLOOR = 'Traces a process: it slows it down and prints its data.';

function traced(inv: Invocation, ctx: RuleContext, payload: Invocation['args']): Finding[] {
  const floor = finding(inv, 'caution', 'process.trace', TRACE_FLOOR);
  return payload.length > 0 ? [floor, ...ctx.scanArgv([...payload])] : [floor];
}

const straceArgs = argParser({
  valued: ['-o', '-e', '-p', '-s', '-u', '-E', '-P', '-I', '-a', '-b', '-X', '-O', '-S', '-U', '-A', '--output'],
  stopAtPositional: true,
});
const strace: Rule = (inv, ctx) => traced(inv, ctx, straceArgs.parse(inv.args).rest);

const ltraceArgs = argParser({
  valued: ['-o', '-e', '-p', '-s', '-u', '-a', '-A', '-D', '-F', '-l', '-n', '-w', '-x', '-L', '--output'],
  stopAtPositional: true,
});
const ltrace: Rule = (inv, ctx) => traced(inv, ctx, ltraceArgs.parse(inv.args).rest);

/** perf: `list` reads; `stat|record|trace|top …` trace; the command after the options is run. */
const PERF_RUNS = new Set(['stat', 'record', 'trace', 'mem', 'sched', 'lock', 'kmem', 'c2c', 'kvm', 'ftrace']);
const perfArgs = argParser({
  valued: [
    '-e',
    '--event',
    '-p',
    '--pid',
    '-t',
    '--tid',
    '-o',
    '--output',
    '-F',
    '--freq',
    '-c',
    '--count',
    '-C',
    '-G',
    '-u',
    '--uid',
    '-r',
    '--repeat',
    '-I',
    '-x',
    '-m',
    '--call-graph',
    '--filter',
  ],
  stopAtPositional: true,
});
const perf: Rule = (inv, ctx) => {
  const sub = inv.args[0]?.value ?? null;
  if (sub === 'list') return [finding(inv, 'safe', 'system.read', 'Lists perf events.')];
  if (sub !== null && PERF_RUNS.has(sub)) return traced(inv, ctx, perfArgs.parse(inv.args.slice(1)).rest);
  return traced(inv, ctx, []);
};

/** gdb runs the program after `--args` (with `-ex run` or when asked); its own scripts are opaque. */
const gdb: Rule = (inv, ctx) => {
  const at = inv.args.findIndex((a) => a.value === '--args');
  return traced(inv, ctx, at < 0 ? [] : inv.args.slice(at + 1));
};

const scriptArgs = argParser({
  valued: [
    '-c',
    '--command',
    '-E',
    '--echo',
    '-I',
    '--log-in',
    '-O',
    '--log-out',
    '-B',
    '--log-io',
    '-T',
    '--log-timing',
    '-m',
    '--logging-format',
  ],
});
/** `script -c 'cmd' file`: records a session; the command is a shell script. Without -c it is interactive. */
const script: Rule = (inv, ctx) => {
  const command = scriptArgs.parse(inv.args).get('-c', '--command');
  if (!command)
    return caution(inv, 'session.interactive', 'Records an interactive shell; what is typed is not reviewed.');
  return [
    finding(inv, 'caution', 'script.record', 'Records the session into a file.'),
    ...scanScriptWords(inv, ctx, [command.word], 'script'),
  ];
};

export const launcherRules: RuleTable = { strace, ltrace, perf, gdb, script };
