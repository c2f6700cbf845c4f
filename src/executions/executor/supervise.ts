import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { errorMessage } from '../../lib/errors.js';
import type { OutputCollector } from './output-collector.js';
import type { ContainmentMode, RunRequest, RunResult } from './types.js';

/**
 * How long to wait for stdout/stderr to close once the tree is dead (or the shell exited
 * alone). In process-group mode a process that left the group (setsid, a daemonising tool)
 * can hold the pipes open forever; we stop waiting for it rather than hang the step. In a
 * PID namespace nothing survives the namespace, so the pipes close at once.
 */
export const PIPE_CLOSE_WAIT_MS = 2000;

export type StopCause = { kind: 'timeout' } | { kind: 'abort'; reason: string };

export interface SuperviseContext {
  request: RunRequest;
  mode: ContainmentMode;
  collector: OutputCollector;
  killGraceMs: number;
  /** Name shown when the process cannot start (the shell, not the containment tools). */
  shellName: string;
  finish(fields: Partial<RunResult> & Pick<RunResult, 'pid'>): RunResult;
}

export interface Supervisor {
  readonly result: Promise<RunResult>;
  /** Starts SIGTERM → SIGKILL for the tree; returns when SIGTERM was sent, or undefined. */
  stop(cause: StopCause): number | undefined;
  readonly stopping: boolean;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Epoch milliseconds with sub-millisecond precision, comparable across processes. */
export const nowMs = (): number => performance.timeOrigin + performance.now();

/** Signal the whole process group: the shell (or the namespace's chain) and its children. */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: nobody left in the group
  }
}

/**
 * Watches one spawned command until it settles, exactly once, on 'close' (exited and both
 * pipes drained) or after PIPE_CLOSE_WAIT_MS once nothing should be holding them.
 */
export function supervise(child: ChildProcess, ctx: SuperviseContext): Supervisor {
  const pid = child.pid;
  const state: RunState = { exit: null, cause: null, startError: undefined, stopping: false, settled: false };
  const timers = createTimers();
  let resolve!: (r: RunResult) => void;
  const result = new Promise<RunResult>((r) => {
    resolve = r;
  });

  const settle = settleOnce(child, ctx, state, timers, (r) => resolve(r));

  const stopTree = (): number | undefined => {
    if (state.stopping || pid === undefined) return undefined;
    state.stopping = true;
    signalGroup(pid, 'SIGTERM');
    const signalledAt = nowMs();
    timers.after(ctx.killGraceMs, () => {
      signalGroup(pid, 'SIGKILL');
      timers.after(PIPE_CLOSE_WAIT_MS, settle);
    });
    return signalledAt;
  };

  const stop = (why: StopCause): number | undefined => {
    if (state.exit || state.settled) return undefined;
    state.cause ??= why;
    return stopTree();
  };

  wireEvents(child, ctx, {
    onStartError(message) {
      state.startError = message;
      settle();
    },
    onExit(code, signal) {
      state.exit = { code, signal };
      if (state.settled || pid === undefined) return;
      if (ctx.mode === 'process-group' && signalGroup(pid, 0)) {
        // the shell is gone but left processes in its group: stop them too
        ctx.request.logger?.info({ pid }, 'command exited but left processes in its group; stopping them');
        stopTree();
      } else {
        timers.after(PIPE_CLOSE_WAIT_MS, settle);
      }
    },
    onClose(code, signal) {
      state.exit ??= { code, signal };
      settle();
    },
  });
  if (pid !== undefined) timers.after(ctx.request.timeoutMs, () => stop({ kind: 'timeout' }));
  return {
    result,
    stop,
    get stopping() {
      return state.stopping;
    },
  };
}

/** Resolves the run's result the first time it is called; later calls do nothing. */
function settleOnce(
  child: ChildProcess,
  ctx: SuperviseContext,
  state: RunState,
  timers: { clear(): void },
  resolve: (r: RunResult) => void,
): () => void {
  return () => {
    if (state.settled) return;
    state.settled = true;
    timers.clear();
    // if we gave up waiting for the pipes, stop reading them; closing stdin ends the lifeline
    child.stdout?.destroy();
    child.stderr?.destroy();
    child.stdin?.destroy();
    resolve(ctx.finish({ ...exitFields(ctx.mode, state), pid: child.pid }));
  };
}

interface RunState {
  exit: Exit | null;
  cause: StopCause | null;
  startError: string | undefined;
  stopping: boolean;
  settled: boolean;
}

function createTimers(): { after(ms: number, fn: () => void): void; clear(): void } {
  const timers: NodeJS.Timeout[] = [];
  return {
    after: (ms, fn) => {
      timers.push(setTimeout(fn, ms));
    },
    clear: () => {
      for (const t of timers) clearTimeout(t);
    },
  };
}

interface ProcessEvents {
  onStartError(message: string): void;
  onExit(code: number | null, signal: NodeJS.Signals | null): void;
  onClose(code: number | null, signal: NodeJS.Signals | null): void;
}

function wireEvents(child: ChildProcess, ctx: SuperviseContext, on: ProcessEvents): void {
  child.stdout?.on('data', (data: Buffer) => ctx.collector.write('stdout', data));
  child.stderr?.on('data', (data: Buffer) => ctx.collector.write('stderr', data));
  child.stdin?.on('error', () => {}); // the lifeline is never written; a closed pipe is fine
  child.on('error', (err) => {
    if (child.pid === undefined) {
      const where = ctx.request.cwd ? ` (cwd ${ctx.request.cwd})` : '';
      on.onStartError(`could not start ${ctx.shellName}${where}: ${errorMessage(err)}`);
    } else {
      ctx.request.logger?.warn({ err, pid: child.pid }, 'executor child process error');
    }
  });
  child.on('exit', (code, signal) => on.onExit(code, signal));
  // 'close' = exited AND stdout/stderr drained: the normal way to settle.
  child.on('close', (code, signal) => on.onClose(code, signal));
}

/**
 * In a PID namespace the worker's child is `unshare`, which exits with the status bash gave
 * the command: 128+n when a signal killed it. When we stopped the command, such a status is
 * reported as that signal, as process-group mode would; otherwise it is the exit code bash
 * would show (`yes | head -n 1` exits 141).
 */
function exitFields(mode: ContainmentMode, state: RunState): Partial<RunResult> {
  const { exit, cause, startError } = state;
  let exitCode = exit?.code ?? null;
  let signal = exit?.signal ?? null;
  if (mode === 'pidns' && cause && exitCode !== null && exitCode > 128) {
    const name = signalName(exitCode - 128);
    if (name) {
      signal = name;
      exitCode = null;
    }
  }
  return {
    exitCode,
    signal,
    timedOut: cause?.kind === 'timeout',
    aborted: cause?.kind === 'abort',
    ...(cause?.kind === 'abort' ? { stopReason: cause.reason } : {}),
    ...(startError === undefined ? {} : { startError }),
  };
}

function signalName(n: number): NodeJS.Signals | undefined {
  return (Object.keys(constants.signals) as NodeJS.Signals[]).find((k) => constants.signals[k] === n);
}
