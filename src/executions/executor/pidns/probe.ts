import { spawn } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { errorMessage } from '../../../lib/errors.js';
import { isAlive, waitUntilGone } from '../process-state.js';
import { WORKER_GONE_EXIT } from './init-script.js';
import { findExecutable, INIT_SHELL, isExecutable, type PidnsTools, pidnsLaunch } from './launch.js';

export type ContainmentGap = 'linux' | 'bash' | 'setpriv' | 'unshare' | 'pid-namespace' | 'parent-death-signal';

/** What is missing, in words an operator can act on. */
export interface ContainmentGapReport {
  missing: ContainmentGap;
  reason: string;
  fix: string;
}

type Verdict = { available: true; tools: PidnsTools } | ({ available: false } & ContainmentGapReport);

/** The result of the one-time check; `checkedInMs` is how long the check took. */
export type ContainmentProbe = Verdict & { checkedInMs: number };

const INSTALL_UTIL_LINUX =
  'install util-linux 2.32 or later, which provides setpriv and unshare (Debian/Ubuntu: apt-get install util-linux)';
const OPT_OUT = 'or set EXECUTION_CONTAINMENT=process-group to accept weaker containment';
const ALLOW_NAMESPACES =
  'run the worker as root, or allow user namespaces (sysctl user.max_user_namespaces > 0, ' +
  'kernel.unprivileged_userns_clone=1 where it exists, no AppArmor userns restriction); in a container, ' +
  'allow the unshare syscall (for example --cap-add SYS_ADMIN or a seccomp profile that permits it)';

/** How long the probe waits for the chain to start, and for its process to die after the parent's. */
const PROBE_STEP_MS = 3000;

/**
 * Prints the host pid (the worker's /proc is the host's: no --mount-proc) and the PID
 * namespace of the command's shell, then waits to be killed.
 */
const PROBE_COMMAND = 'read -r pid _ < /proc/self/stat; echo "$pid $(readlink /proc/self/ns/pid)"; exec sleep 30';

let cached: Promise<ContainmentProbe> | undefined;

/**
 * Checks once per process that a step can be contained: the tools exist, a PID namespace can
 * be created, and killing the parent of the chain kills the command inside it. It runs the
 * real chain with a real process, so a result of `available: true` was observed, not assumed.
 */
export function probeContainment(
  options: { refresh?: boolean; dirs?: readonly string[] } = {},
): Promise<ContainmentProbe> {
  if (options.dirs) return runProbe(options.dirs);
  if (!cached || options.refresh) cached = runProbe();
  return cached;
}

/** One line for logs and refusals: what is missing and how to fix it. */
export function describeContainment(probe: ContainmentProbe): string {
  if (probe.available) {
    const via = probe.tools.userNamespace ? ' (in a user namespace: the worker is not root)' : '';
    return `Each command runs in its own PID namespace${via}, tied to the worker's life.`;
  }
  return `Command containment is unavailable: ${probe.reason}. To fix: ${probe.fix}.`;
}

async function runProbe(dirs?: readonly string[]): Promise<ContainmentProbe> {
  const started = performance.now();
  const done = (verdict: Verdict): ContainmentProbe => ({
    ...verdict,
    checkedInMs: Math.round(performance.now() - started),
  });
  const found = findTools(dirs);
  if ('missing' in found) return done({ available: false, ...found });
  const gap = await checkChain(found);
  return done(gap ? { available: false, ...gap } : { available: true, tools: found });
}

function findTools(dirs?: readonly string[]): PidnsTools | ContainmentGapReport {
  if (process.platform !== 'linux') {
    return { missing: 'linux', reason: `PID namespaces need Linux (this is ${process.platform})`, fix: OPT_OUT };
  }
  if (!isExecutable(INIT_SHELL)) {
    return { missing: 'bash', reason: `${INIT_SHELL} was not found`, fix: `install bash, ${OPT_OUT}` };
  }
  const setpriv = findExecutable('setpriv', dirs);
  const unshare = findExecutable('unshare', dirs);
  if (!setpriv)
    return { missing: 'setpriv', reason: 'setpriv was not found', fix: `${INSTALL_UTIL_LINUX}, ${OPT_OUT}` };
  if (!unshare)
    return { missing: 'unshare', reason: 'unshare was not found', fix: `${INSTALL_UTIL_LINUX}, ${OPT_OUT}` };
  return { setpriv, unshare, userNamespace: process.getuid?.() !== 0 };
}

/**
 * Starts the chain under a throwaway bash "parent", reads the host pid of the command inside
 * the namespace, SIGKILLs the parent and waits for that command to die.
 */
async function checkChain(tools: PidnsTools): Promise<ContainmentGapReport | null> {
  const launch = pidnsLaunch(tools, INIT_SHELL, PROBE_COMMAND, 0);
  // "$@" <&0: keep the lifeline pipe as stdin (a background job would get /dev/null)
  const parent = spawn(
    INIT_SHELL,
    ['--noprofile', '--norc', '-c', '"$@" <&0 & wait', 'probe-parent', launch.file, ...launch.args],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    },
  );
  const report = await firstLine(parent);
  const inner = /^(\d+) (pid:\[\d+\])$/.exec(report.line ?? '');
  if (!inner) {
    killQuietly(-(parent.pid ?? 0));
    const why = report.stderr.trim() || report.error || `the probe printed nothing (exit ${report.exit ?? 'unknown'})`;
    return {
      missing: 'pid-namespace',
      reason: `a PID namespace could not be created: ${why}`,
      fix: `${ALLOW_NAMESPACES}, ${OPT_OUT}`,
    };
  }
  const innerPid = Number(inner[1]);
  if (inner[2] === readlinkSync('/proc/self/ns/pid')) {
    killQuietly(innerPid);
    killQuietly(-(parent.pid ?? 0));
    return {
      missing: 'pid-namespace',
      reason: 'the command ran in the worker’s own PID namespace',
      fix: `${ALLOW_NAMESPACES}, ${OPT_OUT}`,
    };
  }
  killQuietly(parent.pid ?? 0, 'SIGKILL');
  const survived = (await waitUntilGone([innerPid], PROBE_STEP_MS)).length > 0;
  parent.stdin?.destroy();
  if (!survived) return null;
  killQuietly(innerPid);
  return {
    missing: 'parent-death-signal',
    reason: 'a contained command outlived the process that started it (the parent-death signal did not fire)',
    fix: `check that setpriv supports --pdeathsig and unshare supports --kill-child, ${OPT_OUT}`,
  };
}

interface FirstLine {
  line: string | undefined;
  stderr: string;
  exit: number | null | undefined;
  error: string | undefined;
}

function firstLine(child: ReturnType<typeof spawn>): Promise<FirstLine> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const finish = (extra: Partial<FirstLine> = {}): void => {
      clearTimeout(timer);
      const nl = stdout.indexOf('\n');
      resolve({ line: nl >= 0 ? stdout.slice(0, nl) : undefined, stderr, exit: undefined, error: undefined, ...extra });
    };
    const timer = setTimeout(() => finish({ error: `no answer within ${PROBE_STEP_MS} ms` }), PROBE_STEP_MS);
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('\n')) finish();
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', (err) => finish({ error: errorMessage(err) }));
    // 'close', not 'exit': the output may still be in the pipe when the process exits
    child.on('close', (code) =>
      finish({ exit: code, ...(code === WORKER_GONE_EXIT ? { error: 'the init script saw no lifeline' } : {}) }),
    );
  });
}

function killQuietly(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (pid === 0 || (pid > 0 && !isAlive(pid))) return;
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}
