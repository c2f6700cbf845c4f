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
