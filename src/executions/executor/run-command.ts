import { type StartDeps, startCommand } from './start-command.js';
import type { RunRequest, RunResult } from './types.js';

export { DEFAULT_KILL_GRACE_MS, DEFAULT_SHELL, shellArgs } from './start-command.js';
export { PIPE_CLOSE_WAIT_MS } from './supervise.js';

/**
 * Runs one approved command and resolves exactly once with the redacted, capped output.
 * Never rejects for anything the command does (non-zero exit, signals, a shell that cannot
 * start); only for an invalid request or when containment is unavailable. To stop it from
 * elsewhere (⛔ Abort, the panic switch), use startCommand and a RunRegistry instead.
 */
export function runCommand(request: RunRequest, deps?: StartDeps): Promise<RunResult> {
  try {
    return startCommand(request, deps).result;
  } catch (err) {
    return Promise.reject(err);
  }
}
