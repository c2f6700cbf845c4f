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
  /** Tracks a started command until its result settles. A second track of a run id replaces the first. */
  track(runId: string, command: RunningCommand): void;
  /** Stops one run: SIGTERM to its tree now, SIGKILL after its grace period. Null when not running here. */
  stop(runId: string, reason: string): RegistryStopReport | null;
  /** Stops every run tracked here; one report per run, with when it was signalled. */
  stopAll(reason: string): RegistryStopReport[];
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
  const runs = new Map<string, RunningCommand>();
  let haltedFor: string | undefined;

  const stopOne = (runId: string, command: RunningCommand, reason: string): RegistryStopReport => ({
    runId,
    ...command.stop(reason),
  });
  const stopAll = (reason: string): RegistryStopReport[] =>
    [...runs].map(([runId, command]) => stopOne(runId, command, reason));

  return {
    track(runId, command) {
      runs.set(runId, command);
      const forget = (): void => {
        if (runs.get(runId) === command) runs.delete(runId);
      };
      command.result.then(forget, forget);
      if (haltedFor !== undefined) command.stop(haltedFor);
    },
    stop(runId, reason) {
      const command = runs.get(runId);
      return command ? stopOne(runId, command, reason) : null;
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
