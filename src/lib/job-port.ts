/**
 * The jobs features may ask for, and what each carries: ids only, never secrets or state.
 * Every job that touches tenant data names its tenant: the worker works inside that
 * tenant's row-level-security scope. The BullMQ adapter (src/jobs) validates each payload
 * against its catalogue schema.
 */
export interface JobPayloads {
  /** Match a stored webhook delivery to a runbook and announce it. */
  'alert.process': { tenantId: string; alertId: string };
  /** Write the audit events of the tenant's newly stored deliveries, in one batch. */
  'alerts.seal': { tenantId: string };
  /** During an alert storm: name the incidents held back in one channel in one summary message. */
  'incidents.summarise': { tenantId: string; channelId: string };
  /** Move an execution forward from whatever state Postgres says it is in. */
  'execution.advance': { tenantId: string; executionId: string };
  /** Run one claimed step run (command or rollback) in a child process. */
  'step.run': { tenantId: string; runId: string };
  /** Void an approval request whose window has passed. */
  'step.expire_approval': { tenantId: string; stepId: string; requestedAt: string };
  /** Ask the LLM for a second opinion on one step's exact command. */
  'command.opinion': { tenantId: string; stepId: string; commandSha256: string };
  /** Re-enqueue deliveries stored but never processed (e.g. Redis was down at intake). */
  'alerts.reconcile': Record<string, never>;
  /** Create audit partitions ahead of time. */
  'audit.partitions': Record<string, never>;
  /** Write every tenant's audit chain head outside the database. */
  'audit.anchor': Record<string, never>;
  // operations (src/ops), queue `ops`: one at a time, never beside alert processing
  /** Back up, verify what was written, apply retention. */
  'ops.backup': Record<string, never>;
  /** A restore drill: quick (verify the newest backup) or full (start the product on it). */
  'ops.drill': { kind: 'quick' | 'full' };
  /** One round of health checks; alerts once per failure episode. */
  'ops.health': Record<string, never>;
  /** The SLO burn-rate guard. */
  'ops.slo': Record<string, never>;
  /** The daily digest or the weekly health report. */
  'ops.digest': { period: 'day' | 'week' };
  /** Answer a question asked in an incident thread (one turn at a time per thread). */
  'copilot.turn': { tenantId: string; turnId: string };
  /** Nightly: each team's copilot style, one bounded step toward its feedback. */
  'copilot.recalibrate': Record<string, never>;
}

export type JobName = keyof JobPayloads;

export interface EnqueueOptions {
  /** Idempotency key: a job with the same id that still exists is not added again. */
  jobId?: string;
  delayMs?: number;
  /**
   * With `jobId`: a job of that id that already finished (failed for good or completed) is
   * replaced, so a reconciler can re-queue work whose earlier job died; a waiting or
   * running one is left alone.
   */
  replaceFinished?: boolean;
}

export interface JobPort {
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: EnqueueOptions): Promise<void>;
  /**
   * Many jobs of one name in one round trip, each with its own options (`replaceFinished`
   * excepted). Optional: callers fall back to `enqueue` one by one (see `enqueueAll`).
   */
  enqueueMany?<N extends JobName>(name: N, jobs: Array<JobRequest<N>>): Promise<void>;
}

export interface JobRequest<N extends JobName> {
  payload: JobPayloads[N];
  options?: Omit<EnqueueOptions, 'replaceFinished'>;
}

/** Enqueues the jobs in one round trip when the port can, else one by one. */
export async function enqueueAll<N extends JobName>(jobs: JobPort, name: N, requests: Array<JobRequest<N>>) {
  if (requests.length === 0) return;
  if (jobs.enqueueMany) return jobs.enqueueMany(name, requests);
  await Promise.all(requests.map((r) => jobs.enqueue(name, r.payload, r.options)));
}
