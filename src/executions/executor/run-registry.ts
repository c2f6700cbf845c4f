import type { RunningCommand, StopReport } from './types.js';

export interface RegistryStopReport extends StopReport {
  runId: string;
}

/**
 * The commands running in this worker process, by run id: what ⛔ Abort and the panic switch
 * stop. In-process only; each worker keeps its own, and a cross-worker signal (the panic
 * flag's pub/sub, an abort message) calls `stop` or `stopAll` here.
 */
export interface RunRegistry {
  /**
   * Tracks a started command until its result settles. A second track of a run id replaces
   * the first. `tenantId` lets a workspace's panic switch stop only that workspace's commands.
   */
  track(runId: string, command: RunningCommand, tenantId?: string): void;
  /** Stops one run: SIGTERM to its tree now, SIGKILL after its grace period. Null when not running here. */
  stop(runId: string, reason: string): RegistryStopReport | null;
  /** Stops every run tracked here (or only one tenant's); one report per run, with when it was signalled. */
  stopAll(reason: string, tenantId?: string | null): RegistryStopReport[];
  /**
   * stopAll, and every command tracked afterwards is stopped at once with the same reason,
   * until `resume()`. Closes the gap between "is panic on?" and "track the new command".
   */
  halt(reason: string): RegistryStopReport[];
  resume(): void;
  /** The reason given to halt(), while halted. */
  readonly haltedFor: string | undefined;
  /** Run ids currently tracked. */
  running(): string[];
}

export function createRunRegistry(): RunRegistry {
  const runs = new Map<string, { command: RunningCommand; tenantId: string | undefined }>();
  let haltedFor: string | undefined;

  const stopOne = (runId: string, command: RunningCommand, reason: string): RegistryStopReport => ({
    runId,
    ...command.stop(reason),
  });
  const stopAll = (reason: string, tenantId?: string | null): RegistryStopReport[] =>
    [...runs]
      .filter(([, run]) => !tenantId || run.tenantId === tenantId)
      .map(([runId, run]) => stopOne(runId, run.command, reason));

  return {
    track(runId, command, tenantId) {
      runs.set(runId, { command, tenantId });
      const forget = (): void => {
        if (runs.get(runId)?.command === command) runs.delete(runId);
      };
      command.result.then(forget, forget);
      if (haltedFor !== undefined) command.stop(haltedFor);
    },
    stop(runId, reason) {
      const run = runs.get(runId);
      return run ? stopOne(runId, run.command, reason) : null;
    },
    stopAll,
    halt(reason) {
      haltedFor = reason;
      return stopAll(reason);
    },
    resume() {
      haltedFor = undefined;
    },
    get haltedFor() {
      return haltedFor;
    },
    running: () => [...runs.keys()],
  };
}
