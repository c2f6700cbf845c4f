import { type ChildProcess, spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { DomainError, errorMessage } from '../../lib/errors.js';
import { sanitizeChildEnv } from './child-env.js';
import { createOutputCollector, type OutputCollector } from './output-collector.js';
import { isExecutable, pidnsLaunch } from './pidns/launch.js';
import { type ContainmentProbe, describeContainment, probeContainment } from './pidns/probe.js';
import { nowMs, type Supervisor, supervise } from './supervise.js';
import type { ContainmentMode, RunningCommand, RunRequest, RunResult, StopReport } from './types.js';

export const DEFAULT_SHELL = '/bin/bash';
export const DEFAULT_KILL_GRACE_MS = 5000;

/** No login files, no rc files, and a failing stage fails the pipeline. */
export const shellArgs = (command: string): string[] => ['--noprofile', '--norc', '-o', 'pipefail', '-c', command];

export interface StartDeps {
  /** The one-time containment check; a stand-in lets tests see a refusal. */
  probe?: () => Promise<ContainmentProbe>;
}

function validate(request: RunRequest): void {
  if (!(request.timeoutMs > 0) || !Number.isFinite(request.timeoutMs)) {
    throw new DomainError('invalid_input', 'timeoutMs must be a positive number', { timeoutMs: request.timeoutMs });
  }
  if (!(request.outputCapBytes >= 1)) {
    throw new DomainError('invalid_input', 'outputCapBytes must be at least 1', { cap: request.outputCapBytes });
  }
}

/** Why an AbortSignal fired, as text. */
const abortReason = (signal: AbortSignal): string => (typeof signal.reason === 'string' ? signal.reason : 'aborted');

/** Builds the one RunResult of a run from what the collector holds. */
function resultBuilder(collector: OutputCollector, startedAt: number) {
  return (fields: Partial<RunResult> & Pick<RunResult, 'pid'>): RunResult => {
    collector.end();
    const out = collector.result();
    return {
      exitCode: null,
      signal: null,
      timedOut: false,
      aborted: false,
      output: out.text,
      outputBytes: collector.rawBytes,
      truncated: out.truncated,
      durationMs: Math.round(performance.now() - startedAt),
      ...fields,
    };
  };
}

/**
 * Starts one approved command and returns a handle at once: `result` settles exactly once
 * with the redacted, capped output, and `stop(reason)` ends the whole process tree (SIGTERM,
 * then SIGKILL after the grace period) — the same path as the request's AbortSignal.
 *
 * In `pidns` mode (the default) the command cannot outlive its step: not by `setsid`, not
 * by double forks, not when the worker is killed. When containment is unavailable, nothing
 * runs and `result` rejects with `DomainError('config_invalid')` naming what is missing and
 * how to fix it. Throws at once for an invalid request.
 */
export function startCommand(request: RunRequest, deps: StartDeps = {}): RunningCommand {
  validate(request);
  const mode: ContainmentMode = request.containment ?? 'pidns';
  const collector = createOutputCollector({
    capBytes: request.outputCapBytes,
    onOutput: request.onOutput,
    logger: request.logger,
  });
  const build = resultBuilder(collector, performance.now());
  const state: { supervisor?: Supervisor; pid?: number; pendingStop?: string; settled: boolean } = { settled: false };
  const finish = (fields: Partial<RunResult> & Pick<RunResult, 'pid'>): RunResult => {
    state.settled = true;
    return build(fields);
  };

  const run = async (): Promise<RunResult> => {
    const plan = await planLaunch(request, mode, deps);
    // an abort or stop() that came while containment was being checked: start nothing
    const early = request.signal?.aborted ? abortReason(request.signal) : state.pendingStop;
    if (early !== undefined) return finish({ aborted: true, pid: undefined, stopReason: early });
    const spawned = 'startError' in plan ? plan : spawnPlan(plan, request);
    if ('startError' in spawned) return finish({ pid: undefined, startError: spawned.startError });
    state.pid = spawned.child.pid;
    const supervisor = supervise(spawned.child, {
      request,
      mode,
      collector,
      killGraceMs: request.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
      shellName: request.shell ?? DEFAULT_SHELL,
      finish,
    });
    state.supervisor = supervisor;
    const onAbort = (): void => {
      supervisor.stop({ kind: 'abort', reason: request.signal ? abortReason(request.signal) : 'aborted' });
    };
    request.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await supervisor.result;
    } finally {
      request.signal?.removeEventListener('abort', onAbort);
    }
  };

  return {
    result: request.signal?.aborted
      ? Promise.resolve(finish({ aborted: true, pid: undefined, stopReason: abortReason(request.signal) }))
      : run(),
    get pid() {
      return state.pid;
    },
    stop: (reason) => stopRun(state, reason),
  };
}

function stopRun(
  state: { supervisor?: Supervisor; pid?: number; pendingStop?: string; settled: boolean },
  reason: string,
): StopReport {
  const requestedAtMs = nowMs();
  const report = (outcome: StopReport['outcome'], signalledAtMs?: number): StopReport => ({
    pid: state.pid,
    reason,
    requestedAtMs,
    signalledAtMs,
    outcome,
  });
  if (state.settled) return report('finished');
  if (!state.supervisor) {
    state.pendingStop ??= reason;
    return report('not-started');
  }
  if (state.supervisor.stopping) return report('already-stopping');
  const signalledAt = state.supervisor.stop({ kind: 'abort', reason });
  return signalledAt === undefined ? report('finished') : report('signalled', signalledAt);
}

interface LaunchPlan {
  file: string;
  args: string[];
  env: Record<string, string>;
  stdin: 'ignore' | 'pipe';
}

/** What to spawn for this mode; checks containment (once per process) for `pidns`. */
async function planLaunch(
  request: RunRequest,
  mode: ContainmentMode,
  deps: StartDeps,
): Promise<LaunchPlan | { startError: string }> {
  const shell = request.shell ?? DEFAULT_SHELL;
  const env = sanitizeChildEnv(request.env);
  if (mode === 'process-group') return { file: shell, args: shellArgs(request.command), env, stdin: 'ignore' };
  const probe = await (deps.probe ?? probeContainment)();
  if (!probe.available) {
    throw new DomainError('config_invalid', describeContainment(probe), { missing: probe.missing, fix: probe.fix });
  }
  // the chain would start even with a missing shell or cwd; report it as process-group mode does
  const problem = startProblem(shell, request.cwd);
  if (problem) return { startError: problem };
  const launch = pidnsLaunch(probe.tools, shell, request.command, request.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
  // stdin is the lifeline pipe (see pidns/init-script.ts); the command itself gets /dev/null
  return { ...launch, env, stdin: 'pipe' };
}

type Spawned = { child: ChildProcess } | { startError: string };

function spawnPlan(plan: LaunchPlan, request: RunRequest): Spawned {
  try {
    const child = spawn(plan.file, plan.args, {
      cwd: request.cwd,
      env: plan.env,
      stdio: [plan.stdin, 'pipe', 'pipe'],
      detached: true, // own process group: lets us signal -pid to reach the whole chain
    });
    return { child };
  } catch (err) {
    // synchronous spawn failures (e.g. a NUL byte in the command)
    return { startError: errorMessage(err) };
  }
}

function startProblem(shell: string, cwd: string | undefined): string | undefined {
  if (!isExecutable(shell)) return `could not start ${shell}: not found or not executable`;
  if (cwd === undefined) return undefined;
  try {
    if (statSync(cwd).isDirectory()) return undefined;
  } catch {
    // fall through
  }
  return `could not start ${shell} (cwd ${cwd}): not a directory`;
}
