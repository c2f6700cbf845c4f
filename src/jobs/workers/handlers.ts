import { sql } from 'kysely';
import type { AlertProcessing } from '../../alerts/process-service.js';
import type { Anchoring } from '../../audit/anchor-service.js';
import type { CopilotService } from '../../copilot/service.js';
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
  /** Deliveries left in `received`, and runs nobody moved, this long are re-enqueued. */
  reconcileAfterMs: number;
  anchoring: Pick<Anchoring, 'anchorAll'>;
  /** Backups, drills, health, SLO guard and digests (src/ops), each returning a short summary. */
  ops: OpsJobs;
  copilot: Pick<CopilotService, 'processTurn' | 'recalibrate' | 'afterAdvance'>;
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
    'alert.process': ({ tenantId, alertId }) => deps.alerts.process(tenantId, alertId),
    'alerts.seal': async ({ tenantId }) => ({ sealed: await deps.alerts.sealIntake(tenantId) }),
    'incidents.summarise': ({ tenantId, channelId }) => deps.alerts.summarise(tenantId, channelId),
    // queue: executions
    'execution.advance': async ({ tenantId, executionId }) => {
      const result = await deps.executions.advance(tenantId, executionId);
      // A run that just ended gets its feedback card (once).
      await deps.copilot.afterAdvance(tenantId, executionId);
      return result;
    },
    'step.expire_approval': ({ tenantId, stepId, requestedAt }) =>
      deps.executions.expireApproval(tenantId, stepId, requestedAt),
    // queue: executor
    'step.run': ({ tenantId, runId }) => deps.executions.runStep(tenantId, runId),
    // queue: classifier
    'command.opinion': ({ tenantId, stepId, commandSha256 }) =>
      deps.executions.recordOpinion(tenantId, stepId, commandSha256),
    // queue: maintenance
    'alerts.reconcile': () => reconcile(deps),
    'audit.anchor': async () => ({ anchored: (await deps.anchoring.anchorAll()).length }),
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
    // queue: copilot
    'copilot.turn': ({ tenantId, turnId }) => deps.copilot.processTurn(tenantId, turnId),
    'copilot.recalibrate': () => deps.copilot.recalibrate(),
  };
}

/**
 * Whatever became of an earlier job (failed for good after its worker was killed twice,
 * lost with Redis), work left undone in Postgres is queued again: alerts still `received`,
 * step runs still `queued`, runs nobody advanced. Every job is idempotent, so a duplicate
 * costs nothing and a lost one is found.
 */
async function reconcile(deps: HandlerDeps) {
  // Deliveries whose sealing job was lost (Redis down at intake) get their audit events.
  const unsealed = await sql<{ tenant_id: string }>`
    select t as tenant_id from rbc_system_unaudited_tenants(${new Date(Date.now() - 5_000)}) t`.execute(deps.db);
  for (const row of unsealed.rows) await deps.alerts.sealIntake(row.tenant_id);
  const stuck = await deps.alerts.unprocessed(deps.reconcileAfterMs);
  for (const { tenantId, alertId } of stuck) {
    await deps.jobs.enqueue(
      'alert.process',
      { tenantId, alertId },
      { jobId: `alert__${alertId}`, replaceFinished: true },
    );
  }
  // Storm summaries whose job was lost, or that missed an incident landing while they ran.
  for (const { tenantId, channelId } of await deps.alerts.unsummarised()) {
    await deps.jobs.enqueue(
      'incidents.summarise',
      { tenantId, channelId },
      { jobId: `storm-sweep__${tenantId}__${channelId}`, replaceFinished: true },
    );
  }
  const idle = await sql<{ tenant_id: string; id: string; kind: string }>`
    select tenant_id, id, kind from rbc_system_idle_runs(${new Date(Date.now() - deps.reconcileAfterMs)})`.execute(
    deps.db,
  );
  for (const row of idle.rows) {
    if (row.kind === 'step_run') {
      const payload = { tenantId: row.tenant_id, runId: row.id };
      await deps.jobs.enqueue('step.run', payload, { jobId: `run__${row.id}`, replaceFinished: true });
    } else {
      await deps.jobs.enqueue('execution.advance', { tenantId: row.tenant_id, executionId: row.id });
    }
  }
  const lost = await deps.executions.reconcileLostRuns();
  if (stuck.length || lost) deps.logger.info({ stuck: stuck.length, lost }, 'reconciled');
  return { requeued: stuck.length, idle: idle.rows.length, lost };
}
