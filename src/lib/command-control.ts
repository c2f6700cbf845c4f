/**
 * Stopping commands that run in some worker process: ⛔ Abort and the panic switch publish
 * here, and the worker that holds the command kills its whole process tree. The Redis
 * adapter (src/jobs) implements it with pub/sub; workers also re-check at every heartbeat.
 */
export interface StopRequest {
  tenantId: string;
  runId: string;
  reason: string;
  /** Who asked: a Slack user id or `system:<component>`. */
  by: string;
}

export interface CommandControlPort {
  stop(request: StopRequest): Promise<void>;
}

/** For processes that never run commands (the CLI): stopping is a no-op. */
export const NO_COMMAND_CONTROL: CommandControlPort = { stop: async () => undefined };

/** The panic switch was pulled (on) or lifted, for one workspace or (tenantId null) the whole install. */
export interface PanicEvent {
  on: boolean;
  tenantId: string | null;
  by: string;
  reason: string | null;
  /** Epoch milliseconds when it was asked for: workers measure how long the news took. */
  at: number;
}

/** Carries the panic switch to every worker at once (Redis pub/sub in src/jobs). */
export interface PanicSignalPort {
  broadcast(event: PanicEvent): Promise<void>;
}
