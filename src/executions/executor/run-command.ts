import { type ChildProcess, spawn } from 'node:child_process';
import { DomainError, errorMessage } from '../../lib/errors.js';
import { sanitizeChildEnv } from './child-env.js';
import { createOutputCollector } from './output-collector.js';
import type { RunRequest, RunResult } from './types.js';

export const DEFAULT_SHELL = '/bin/bash';
export const DEFAULT_KILL_GRACE_MS = 5000;
/**
 * How long to wait for stdout/stderr to close once the group is dead (or the shell exited
 * alone). A process that left the group (setsid, a daemonising tool) can hold the pipes
 * open forever; we stop waiting for it rather than hang the step.
 */
export const PIPE_CLOSE_WAIT_MS = 2000;

/** No login files, no rc files, and a failing stage fails the pipeline. */
export const shellArgs = (command: string): string[] => ['--noprofile', '--norc', '-o', 'pipefail', '-c', command];

/** Signal the whole process group (the shell and everything it started). */
function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: nobody left in the group
  }
}

function validate(request: RunRequest): void {
  if (!(request.timeoutMs > 0) || !Number.isFinite(request.timeoutMs)) {
    throw new DomainError('invalid_input', 'timeoutMs must be a positive number', { timeoutMs: request.timeoutMs });
  }
  if (!(request.outputCapBytes >= 1)) {
    throw new DomainError('invalid_input', 'outputCapBytes must be at least 1', { cap: request.outputCapBytes });
  }
}

/**
 * Runs one approved command in its own process group and resolves exactly once with the
 * redacted, capped output. Never rejects for anything the command does (non-zero exit,
 * signals, a shell that cannot start); only for an invalid request.
 *
 * On timeout or abort: SIGTERM to the group, SIGKILL `killGraceMs` later. When the shell
 * exits on its own, anything it left running in its group is stopped the same way, so a
 * step cannot leave processes behind.
 */
export async function runCommand(request: RunRequest): Promise<RunResult> {
  validate(request);
  const startedAt = performance.now();
  const killGraceMs = request.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const collector = createOutputCollector({
    capBytes: request.outputCapBytes,
    onOutput: request.onOutput,
    logger: request.logger,
  });

  const finalResult = (fields: Partial<RunResult> & Pick<RunResult, 'pid'>): RunResult => {
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

  if (request.signal?.aborted) return finalResult({ aborted: true, pid: undefined });

  let child: ChildProcess;
  try {
    child = spawn(request.shell ?? DEFAULT_SHELL, shellArgs(request.command), {
      cwd: request.cwd,
      env: sanitizeChildEnv(request.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group: lets us signal -pid to reach grandchildren
    });
  } catch (err) {
    // synchronous spawn failures (e.g. a NUL byte in the command)
    return finalResult({ pid: undefined, startError: errorMessage(err) });
  }

  return new Promise<RunResult>((resolve) => {
    const pid = child.pid;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let reason: 'timeout' | 'abort' | null = null;
    let startError: string | undefined;
    let stopping = false;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const after = (ms: number, fn: () => void): void => {
      timers.push(setTimeout(fn, ms));
    };

    const settle = (): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      request.signal?.removeEventListener('abort', onAbort);
      // if we gave up waiting for the pipes, stop reading them
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve(
        finalResult({
          exitCode: exit?.code ?? null,
          signal: exit?.signal ?? null,
          timedOut: reason === 'timeout',
          aborted: reason === 'abort',
          pid,
          ...(startError === undefined ? {} : { startError }),
        }),
      );
    };

    const stopGroup = (): void => {
      if (stopping || pid === undefined) return;
      stopping = true;
      signalGroup(pid, 'SIGTERM');
      after(killGraceMs, () => {
        signalGroup(pid, 'SIGKILL');
        after(PIPE_CLOSE_WAIT_MS, settle);
      });
    };

    const stopFor = (why: 'timeout' | 'abort'): void => {
      if (exit || settled) return;
      reason ??= why;
      stopGroup();
    };
    function onAbort(): void {
      stopFor('abort');
    }

    child.stdout?.on('data', (data: Buffer) => collector.write('stdout', data));
    child.stderr?.on('data', (data: Buffer) => collector.write('stderr', data));

    child.on('error', (err) => {
      if (pid === undefined) {
        const where = request.cwd ? ` (cwd ${request.cwd})` : '';
        startError = `could not start ${request.shell ?? DEFAULT_SHELL}${where}: ${errorMessage(err)}`;
        settle();
      } else {
        request.logger?.warn({ err, pid }, 'executor child process error');
      }
    });

    child.on('exit', (code, signal) => {
      exit = { code, signal };
      if (settled || pid === undefined) return;
      // the shell is gone; reap whatever it left running in its group
      if (signalGroup(pid, 0)) {
        request.logger?.info({ pid }, 'command exited but left processes in its group; stopping them');
        stopGroup();
      } else {
        after(PIPE_CLOSE_WAIT_MS, settle);
      }
    });

    // 'close' = exited AND stdout/stderr drained: the normal way to settle.
    child.on('close', (code, signal) => {
      exit ??= { code, signal };
      settle();
    });

    if (pid !== undefined) {
      after(request.timeoutMs, () => stopFor('timeout'));
      request.signal?.addEventListener('abort', onAbort, { once: true });
    }
  });
}
