/**
 * The commands this worker process is running right now, by step run. ⛔ Abort and the
 * panic switch reach a command through here: aborting its controller kills its whole
 * process tree (see executor/run-command.ts).
 */
export interface RunningCommand {
  tenantId: string;
  runId: string;
  stepId: string;
  controller: AbortController;
  startedAt: number;
}

export interface StopOutcome {
  runId: string;
  /** performance.now() when the abort was signalled, for latency measurements. */
  signalledAt: number;
}

export function createRunningCommands() {
  const running = new Map<string, RunningCommand>();
  const stop = (command: RunningCommand, reason: string): StopOutcome => {
    if (!command.controller.signal.aborted) command.controller.abort(reason);
    return { runId: command.runId, signalledAt: performance.now() };
  };
  return {
    track(command: Omit<RunningCommand, 'startedAt'>): () => void {
      running.set(command.runId, { ...command, startedAt: performance.now() });
      return () => running.delete(command.runId);
    },
    stop(runId: string, reason: string): StopOutcome | null {
      const command = running.get(runId);
      return command ? stop(command, reason) : null;
    },
    /** Every command of a tenant, or every command at all (`tenantId` null). */
    stopAll(tenantId: string | null, reason: string): StopOutcome[] {
      return [...running.values()]
        .filter((c) => tenantId === null || c.tenantId === tenantId)
        .map((c) => stop(c, reason));
    },
    list: (): RunningCommand[] => [...running.values()],
  };
}

export type RunningCommands = ReturnType<typeof createRunningCommands>;
