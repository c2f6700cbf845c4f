import { sql } from 'kysely';
import type { AlertProcessing } from '../../alerts/process-service.js';
import type { Db } from '../../db/database.js';
import type { ExecutionService } from '../../executions/service/index.js';
import type { JobPort } from '../../lib/job-port.js';
import type { Logger } from '../../lib/logger.js';
import type { JobHandlers } from '../worker-host.js';

export interface HandlerDeps {
  db: Db;
  jobs: JobPort;
  alerts: AlertProcessing;
  executions: ExecutionService;
  logger: Logger;
  /** Deliveries left in `received` this long are re-enqueued. */
  reconcileAfterMs: number;
  /** Backups, drills, health, SLO guard and digests (src/ops), each returning a short summary. */
  ops: OpsJobs;
}

export interface OpsJobs {
  backup(): Promise<unknown>;
  drill(kind: 'quick' | 'full'): Promise<unknown>;
  health(): Promise<unknown>;
  slo(): Promise<unknown>;
  digest(period: 'day' | 'week'): Promise<unknown>;
}

/** Each job type → one service call. Queues: alerts, executions, executor, classifier, maintenance, ops. */
export function jobHandlers(deps: HandlerDeps): JobHandlers {
  return {
    // queue: alerts
    'alert.process': ({ alertId }) => deps.alerts.process(alertId),
    // queue: executions
    'execution.advance': ({ executionId }) => deps.executions.advance(executionId),
    'step.expire_approval': ({ stepId, requestedAt }) => deps.executions.expireApproval(stepId, requestedAt),
    // queue: executor
    'step.run': ({ runId }) => deps.executions.runStep(runId),
    // queue: classifier
    'command.opinion': ({ stepId, commandSha256 }) => deps.executions.recordOpinion(stepId, commandSha256),
    // queue: maintenance
    'alerts.reconcile': async () => {
      const stuck = await deps.alerts.unprocessed(deps.reconcileAfterMs);
      for (const alertId of stuck)
        await deps.jobs.enqueue('alert.process', { alertId }, { jobId: `alert__${alertId}` });
      const lost = await deps.executions.reconcileLostRuns();
      if (stuck.length || lost) deps.logger.info({ stuck: stuck.length, lost }, 'reconciled');
      return { requeued: stuck.length, lost };
    },
    'audit.partitions': async () => {
      const result = await sql<{ created: number }>`select audit_ensure_partitions(12) as created`.execute(deps.db);
      return { created: result.rows[0]?.created ?? 0 };
    },
    // queue: ops
    'ops.backup': () => deps.ops.backup(),
    'ops.drill': ({ kind }) => deps.ops.drill(kind),
    'ops.health': () => deps.ops.health(),
    'ops.slo': () => deps.ops.slo(),
    'ops.digest': ({ period }) => deps.ops.digest(period),
  };
}
