import { envAssignmentFindings } from '../scanner/env-assignments.js';
import type { Invocation } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import type { Word } from '../scanner/word.js';
import { argParser } from './args.js';
import { scanScriptWords, splitAssignments } from './common.js';
import { caution, finding, type Rule, type RuleContext, type RuleTable, safe } from './rule.js';

/**
 * Programs that run another program: the verdict is the payload's. Each wrapper only says
 * where its own options end; the payload goes back through the scanner one level deeper.
 */

function payloadOrElse(
  inv: Invocation,
  ctx: RuleContext,
  payload: Word[],
  otherwise: (inv: Invocation) => Finding[],
): Finding[] {
  return payload.length > 0 ? ctx.scanArgv(payload, { stdin: inv.stdin, fanOut: inv.fanOut }) : otherwise(inv);
}

function assignmentsAsFindings(inv: Invocation, ctx: RuleContext, words: Word[]): Finding[] {
  return envAssignmentFindings(
    words.map((w) => {
      const text = w.value ?? w.raw;
      const eq = text.indexOf('=');
      const raw = w.raw.slice(w.raw.indexOf('=') + 1);
      return {
        name: text.slice(0, eq).replace(/^["']/, ''),
        value: { ...w, raw, value: w.value === null ? null : text.slice(eq + 1) },
        span: w.span,
      };
    }),
    inv.span,
    (text, span) => ctx.scanScript({ text, offsetBase: null, fallbackSpan: span }),
  );
}

function interactiveShell(inv: Invocation, who: string): Finding[] {
  return caution(
    inv,
    'session.interactive',
    `Opens an interactive ${who} shell; what is typed next is not reviewed here.`,
  );
}

const sudoArgs = argParser({
  valued: [
    '-u',
    '-g',
    '-C',
    '-D',
    '-p',
    '-r',
    '-t',
    '-U',
    '-T',
    '-R',
    '-h',
    '--user',
    '--group',
    '--chdir',
    '--prompt',
    '--host',
    '--role',
    '--type',
    '--other-user',
    '--close-from',
    '--chroot',
    '--command-timeout',
  ],
  stopAtPositional: true,
});

const sudo: Rule = (inv, ctx) => {
  const p = sudoArgs.parse(inv.args);
  const { assignments, payload } = splitAssignments(p.rest);
  const env = assignmentsAsFindings(inv, ctx, assignments);
  if (p.has('-e', '--edit'))
    return caution(inv, 'sudo.edit', 'Edits files as root (sudoedit).', { target: payload[0]?.value ?? null });
  if (payload.length > 0) return [...env, ...ctx.scanArgv(payload, { stdin: inv.stdin, fanOut: inv.fanOut })];
  if (p.has('-i', '-s', '--login', '--shell')) return interactiveShell(inv, 'root');
  if (
    p.has(
      '-l',
      '--list',
      '-v',
      '--validate',
      '-k',
      '-K',
      '--reset-timestamp',
      '--remove-timestamp',
      '-V',
      '--version',
      '--help',
    )
  ) {
    return safe(inv, 'sudo.info', 'Lists privileges or refreshes credentials only.');
  }
  return [...env, finding(inv, 'unknown', 'sudo.no-command', 'sudo without a command to classify.')];
};

const doasArgs = argParser({ valued: ['-u', '-C'], stopAtPositional: true });
const doas: Rule = (inv, ctx) => {
  const p = doasArgs.parse(inv.args);
  return payloadOrElse(inv, ctx, p.rest, () =>
    p.has('-s') ? interactiveShell(inv, 'root') : safe(inv, 'doas.info', 'Checks configuration only.'),
  );
};

const envArgs = argParser({
  valued: ['-u', '--unset', '-C', '--chdir', '-S', '--split-string'],
  stopAtPositional: true,
});
const env: Rule = (inv, ctx) => {
  const p = envArgs.parse(inv.args);
  const { assignments, payload } = splitAssignments(p.rest);
  const findings = assignmentsAsFindings(inv, ctx, assignments);
  const split = p.get('-S', '--split-string');
  if (split) {
    const words = [split.word, ...payload];
    return [...findings, ...scanScriptWords(inv, ctx, words, 'env')];
  }
  if (payload.length > 0) return [...findings, ...ctx.scanArgv(payload, { stdin: inv.stdin, fanOut: inv.fanOut })];
  return [
    ...findings,
    finding(
      inv,
      'caution',
      'secret.environment',
      'Prints every environment variable; tokens and passwords often live there.',
    ),
  ];
};

/** Wrappers whose own options are simple: [valued options] then the payload. */
function simpleWrapper(valued: string[], noPayload: (inv: Invocation) => Finding[]): Rule {
  const parser = argParser({ valued, stopAtPositional: true });
  return (inv, ctx) => payloadOrElse(inv, ctx, parser.parse(inv.args).rest, () => noPayload(inv));
}

const nothingToRun = (family: string) => (inv: Invocation) =>
  safe(inv, `${family}.no-command`, `${family} with nothing to run.`);

const timeParser = argParser({ valued: ['-o', '--output', '-f', '--format'], stopAtPositional: true });
const time: Rule = (inv, ctx) => {
  const p = timeParser.parse(inv.args);
  const out = p.get('-o', '--output');
  const writes = out
    ? caution(inv, 'time.write-file', `Writes timing output to ${out.value ?? out.word.raw}.`, { target: out.value })
    : [];
  return [...writes, ...payloadOrElse(inv, ctx, p.rest, nothingToRun('time'))];
};

const timeoutParser = argParser({ valued: ['-s', '--signal', '-k', '--kill-after'], stopAtPositional: true });
const timeout: Rule = (inv, ctx) => {
  const p = timeoutParser.parse(inv.args);
  // The first positional is the duration; the payload follows it.
  return payloadOrElse(inv, ctx, p.rest.slice(1), nothingToRun('timeout'));
};

const niceParser = argParser({ valued: ['-n', '--adjustment'], stopAtPositional: true });
const nice: Rule = (inv, ctx) => {
  const args = inv.args.filter((a, i) => !(i === 0 && a.value !== null && /^-\d+$/.test(a.value)));
  return payloadOrElse(inv, ctx, niceParser.parse(args).rest, () =>
    safe(inv, 'nice.show', 'Prints the current niceness.'),
  );
};

const ioniceParser = argParser({
  valued: ['-c', '--class', '-n', '--classdata', '-p', '--pid', '-P', '--pgid', '-u', '--uid'],
  stopAtPositional: true,
});
const ionice: Rule = (inv, ctx) => {
  const p = ioniceParser.parse(inv.args);
  if (p.has('-p', '--pid', '-P', '--pgid', '-u', '--uid')) {
    return p.has('-c', '--class', '-n', '--classdata')
      ? caution(inv, 'ionice.set', 'Changes the I/O priority of running processes.')
      : safe(inv, 'ionice.show', 'Shows I/O priority.');
  }
  return payloadOrElse(inv, ctx, p.rest, () => safe(inv, 'ionice.show', 'Shows I/O priority.'));
};

const watchParser = argParser({ valued: ['-n', '--interval', '-q', '--equexit'], stopAtPositional: true });
const watch: Rule = (inv, ctx) => {
  const p = watchParser.parse(inv.args);
  const payload = p.rest;
  if (payload.length === 0) return safe(inv, 'watch.no-command', 'watch with nothing to run.');
  if (p.has('-x', '--exec')) return ctx.scanArgv(payload);
  // watch joins its arguments and hands them to `sh -c`: one word, or words with shell syntax, are a script.
  const needsShell = payload.length === 1 || payload.some((w) => w.value !== null && /[|;&<>$`]/.test(w.value));
  return needsShell ? scanScriptWords(inv, ctx, payload, 'watch') : ctx.scanArgv(payload);
};

const xargsParser = argParser({
  valued: [
    '-I',
    '-L',
    '-n',
    '-P',
    '-s',
    '-d',
    '-E',
    '-a',
    '--arg-file',
    '--max-args',
    '--max-lines',
    '--delimiter',
    '--replace',
    '--max-procs',
    '--max-chars',
    '--eof',
    '--process-slot-var',
  ],
  stopAtPositional: true,
});
const xargs: Rule = (inv, ctx) => {
  const p = xargsParser.parse(inv.args);
  if (p.rest.length === 0) return safe(inv, 'xargs.echo', 'Echoes its input (no command given).');
  // The verb is known; its arguments arrive from stdin, possibly many of them.
  return ctx.scanArgv(p.rest, { fanOut: true });
};

const parallelParser = argParser({
  valued: [
    '-j',
    '--jobs',
    '-S',
    '--sshlogin',
    '-a',
    '--arg-file',
    '-d',
    '--delimiter',
    '-I',
    '--joblog',
    '--results',
    '--timeout',
    '--delay',
    '--retries',
    '-N',
    '-n',
    '--colsep',
    '--halt',
    '--workdir',
    '--tmpdir',
    '-E',
  ],
  stopAtPositional: true,
});
const parallel: Rule = (inv, ctx) => {
  const p = parallelParser.parse(inv.args);
  const end = p.rest.findIndex((w) => w.value !== null && /^:{3,4}\+?$/.test(w.value));
  const payload = end < 0 ? p.rest : p.rest.slice(0, end);
  if (payload.length === 0) return unknownPayload(inv, 'parallel');
  if (payload.length === 1) return [...scanScriptWords(inv, ctx, payload, 'parallel')];
  return ctx.scanArgv(payload, { fanOut: true });
};

function unknownPayload(inv: Invocation, family: string): Finding[] {
  return [
    finding(inv, 'unknown', `${family}.unseen-command`, 'The commands to run come from input the scanner cannot see.'),
  ];
}

const commandParser = argParser({ stopAtPositional: true });
const command: Rule = (inv, ctx) => {
  const p = commandParser.parse(inv.args);
  if (p.has('-v', '-V')) return safe(inv, 'shell.lookup', 'Looks up how a command name resolves.');
  return payloadOrElse(inv, ctx, p.rest, nothingToRun('command'));
};

const execParser = argParser({ valued: ['-a'], stopAtPositional: true });
const exec: Rule = (inv, ctx) =>
  payloadOrElse(inv, ctx, execParser.parse(inv.args).rest, () =>
    safe(inv, 'shell.exec-redirect', 'Only changes the shell’s own file descriptors.'),
  );

const chrootParser = argParser({ valued: ['--userspec', '--groups'], stopAtPositional: true });
const chroot: Rule = (inv, ctx) => {
  const p = chrootParser.parse(inv.args);
  const payload = p.rest.slice(1);
  return payloadOrElse(inv, ctx, payload, () => interactiveShell(inv, `chroot (${p.rest[0]?.raw ?? '?'})`));
};

const nsenterParser = argParser({
  valued: ['-t', '--target', '-S', '--setuid', '-G', '--setgid', '--wd', '-w', '-r', '--root'],
  stopAtPositional: true,
});
const nsenter: Rule = (inv, ctx) => {
  const payload = nsenterParser.parse(inv.args).rest;
  const floor = finding(
    inv,
    'caution',
    'nsenter.enter',
    'Enters another process’s namespaces (usually a container or the host).',
  );
  return [floor, ...payloadOrElse(inv, ctx, payload, () => interactiveShell(inv, 'namespace'))];
};

const suParser = argParser({
  valued: [
    '-c',
    '--command',
    '-s',
    '--shell',
    '-g',
    '--group',
    '-G',
    '--supp-group',
    '-w',
    '--whitelist-environment',
    '-u',
    '--user',
  ],
});
const su: Rule = (inv, ctx) => {
  const p = suParser.parse(inv.args);
  const script = p.get('-c', '--command');
  if (script) return scanScriptWords(inv, ctx, [script.word], 'su');
  if (p.rest.length > 0) return ctx.scanArgv(p.rest);
  return interactiveShell(inv, `${p.positionals.find((w) => w.value !== '-')?.value ?? 'root'}`);
};

const flockParser = argParser({
  valued: ['-w', '--timeout', '-E', '--conflict-exit-code', '-c', '--command'],
  stopAtPositional: true,
});
const flock: Rule = (inv, ctx) => {
  const p = flockParser.parse(inv.args);
  const script = p.get('-c', '--command');
  if (script) return scanScriptWords(inv, ctx, [script.word], 'flock');
  return payloadOrElse(inv, ctx, p.rest.slice(1), () => safe(inv, 'flock.lock', 'Takes a lock on a file descriptor.'));
};

const systemdRunParser = argParser({
  valued: [
    '-p',
    '--property',
    '-u',
    '--unit',
    '--description',
    '--slice',
    '-E',
    '--setenv',
    '--on-calendar',
    '--on-active',
    '--on-boot',
    '--on-startup',
    '--on-unit-active',
    '--on-unit-inactive',
    '-M',
    '--machine',
    '-H',
    '--host',
    '--uid',
    '--gid',
    '--nice',
    '--working-directory',
    '--timer-property',
    '--path-property',
    '--socket-property',
    '--service-type',
  ],
  stopAtPositional: true,
});
const systemdRun: Rule = (inv, ctx) => {
  const payload = systemdRunParser.parse(inv.args).rest;
  const floor = finding(
    inv,
    'caution',
    'systemd-run.unit',
    'Starts the command as a transient systemd unit (it can outlive this session).',
  );
  return [floor, ...payloadOrElse(inv, ctx, payload, () => unknownPayload(inv, 'systemd-run'))];
};

const busybox: Rule = (inv, ctx) =>
  payloadOrElse(inv, ctx, inv.args, () => safe(inv, 'busybox.list', 'Lists busybox applets.'));

const tasksetParser = argParser({ valued: ['--cpu-list'], stopAtPositional: true });
const taskset: Rule = (inv, ctx) => {
  const p = tasksetParser.parse(inv.args);
  if (p.has('-p', '--pid')) {
    return p.rest.length >= 2
      ? caution(inv, 'taskset.set', 'Changes the CPU affinity of a running process.')
      : safe(inv, 'taskset.show', 'Shows a process’s CPU affinity.');
  }
  // `taskset [-c] <mask|list> <command…>`
  return payloadOrElse(inv, ctx, p.rest.slice(1), nothingToRun('taskset'));
};

const sshpassParser = argParser({ valued: ['-p', '-f', '-d', '-P'], stopAtPositional: true });

export const wrapperRules: RuleTable = {
  sudo,
  doas,
  pkexec: (inv, ctx) => payloadOrElse(inv, ctx, inv.args, () => interactiveShell(inv, 'root')),
  env,
  nohup: simpleWrapper([], nothingToRun('nohup')),
  time,
  timeout,
  nice,
  ionice,
  watch,
  xargs,
  parallel,
  command,
  builtin: simpleWrapper([], nothingToRun('builtin')),
  exec,
  coproc: (inv, ctx) => payloadOrElse(inv, ctx, inv.args, nothingToRun('coproc')),
  stdbuf: simpleWrapper(['-i', '-o', '-e', '--input', '--output', '--error'], nothingToRun('stdbuf')),
  setsid: simpleWrapper([], nothingToRun('setsid')),
  unbuffer: simpleWrapper([], nothingToRun('unbuffer')),
  caffeinate: simpleWrapper(['-t', '-w'], nothingToRun('caffeinate')),
  catchsegv: simpleWrapper([], nothingToRun('catchsegv')),
  torsocks: simpleWrapper(['-u', '-p', '-a', '-P'], nothingToRun('torsocks')),
  proxychains: simpleWrapper(['-f'], nothingToRun('proxychains')),
  proxychains4: simpleWrapper(['-f'], nothingToRun('proxychains4')),
  cgexec: simpleWrapper(['-g'], nothingToRun('cgexec')),
  numactl: simpleWrapper(
    ['-C', '-N', '-m', '-i', '-p', '--cpunodebind', '--membind', '--interleave', '--preferred', '--physcpubind'],
    nothingToRun('numactl'),
  ),
  chrt: (inv, ctx) => {
    const p = argParser({ stopAtPositional: true }).parse(inv.args);
    if (p.has('-p', '--pid')) return caution(inv, 'chrt.set', 'Changes the scheduling policy of a running process.');
    return payloadOrElse(inv, ctx, p.rest.slice(1), nothingToRun('chrt'));
  },
  chroot,
  nsenter,
  unshare: (inv, ctx) => {
    const payload = argParser({
      valued: ['--map-user', '--map-group', '--propagation', '--setgroups', '-S', '-G', '-R', '-w'],
      stopAtPositional: true,
    }).parse(inv.args).rest;
    return payloadOrElse(inv, ctx, payload, () => interactiveShell(inv, 'namespace'));
  },
  su,
  runuser: su,
  // `sg group cmd` and `sg group -c cmd`: the command is a shell script.
  sg: (inv, ctx) => {
    const command = inv.args[1]?.value === '-c' ? inv.args[2] : inv.args[1];
    return command ? scanScriptWords(inv, ctx, [command], 'sg') : interactiveShell(inv, 'group');
  },
  flock,
  'systemd-run': systemdRun,
  busybox,
  taskset,
  sshpass: (inv, ctx) => payloadOrElse(inv, ctx, sshpassParser.parse(inv.args).rest, nothingToRun('sshpass')),
};
