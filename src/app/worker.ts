import { describeContainment, probeContainment } from '../executions/executor/pidns/probe.js';
import { createRedis } from '../jobs/redis.js';
import { upsertOpsSchedules, upsertSchedules } from '../jobs/schedules.js';
import { startWorkers, type WorkerHost } from '../jobs/worker-host.js';
import { jobHandlers, type OpsJobs } from '../jobs/workers/handlers.js';
import type { Runtime } from './runtime.js';
import { listenForControl } from './worker-control.js';

/**
 * Says once, at start, how commands will be contained; when the default (a PID namespace
 * per step) is unavailable, every real command is refused with the same words.
 */
async function reportContainment(runtime: Runtime): Promise<void> {
  const { dryRun, containment } = runtime.config.execution;
  if (dryRun) return;
  if (containment === 'process-group') {
    runtime.logger.warn(
      'EXECUTION_CONTAINMENT=process-group: setsid and daemons escape a step, and outlive a killed worker',
    );
    return;
  }
  const probe = await probeContainment();
  if (probe.available) runtime.logger.info(describeContainment(probe));
  else runtime.logger.error(`${describeContainment(probe)} Real commands are refused until it is fixed.`);
}

export interface WorkerComponent {
  host: WorkerHost;
  stop(): Promise<void>;
}

/** The `worker` process: a BullMQ worker per queue, the schedules, and a first reconcile. */
export async function startWorker(
  runtime: Runtime,
  options: {
    lockDurationMs?: number;
    stalledIntervalMs?: number;
    reconcileEveryMs?: number;
    reconcileAfterMs?: number;
  } = {},
): Promise<WorkerComponent> {
  const connection = createRedis(runtime.config.redis.url, 'worker');
  connection.on('error', (err) => runtime.logger.warn({ err }, 'worker redis connection error'));
  await connection.connect();
  const handlers = jobHandlers({
    db: runtime.db,
    jobs: runtime.jobs,
    alerts: runtime.alerts,
    executions: runtime.executions,
    logger: runtime.logger,
    reconcileAfterMs: options.reconcileAfterMs ?? 30_000,
    anchoring: runtime.anchoring,
    ops: opsJobs(runtime),
    copilot: runtime.copilot,
  });
  await reportContainment(runtime);
  // Stop requests and the panic switch reach this worker from its first job on.
  const control = await listenForControl(runtime);
  // Runs a dead worker left behind are settled before new work starts.
  const lost = await runtime.executions.reconcileLostRuns();
  if (lost > 0) runtime.logger.warn({ lost }, 'steps left running by a stopped worker now need manual intervention');
  const host = startWorkers({
    connection,
    prefix: runtime.config.redis.queuePrefix,
    handlers,
    logger: runtime.logger,
    concurrency: { executor: runtime.config.execution.concurrency },
    ...(options.lockDurationMs ? { lockDurationMs: options.lockDurationMs } : {}),
    ...(options.stalledIntervalMs ? { stalledIntervalMs: options.stalledIntervalMs } : {}),
  });
  await upsertSchedules(runtime.jobs, {
    reconcileEveryMs: options.reconcileEveryMs ?? 30_000,
    anchorEveryMs: runtime.config.audit.anchorEveryMinutes * 60_000,
  });
  await upsertOpsSchedules(runtime.jobs, {
    timezone: runtime.config.ops.timezone,
    schedules: runtime.config.ops.schedules,
  });
  return {
    host,
    async stop() {
      await host.close();
      control.close();
      connection.disconnect();
    },
  };
}

/** What each ops job does, with a short summary as the job's return value. */
function opsJobs(runtime: Runtime): OpsJobs {
  const { ops, config } = runtime;
  return {
    backup: async () => {
      const m = await ops.backups.scheduled(config.ops.backup.verifyAfterBackup);
      return { backupId: m.id, bytes: m.file.bytes };
    },
    drill: async (kind) => {
      const d = await ops.drill(kind, 'system:ops-schedule');
      return { drillId: d.id, ok: d.ok, rtoMs: d.rtoMs, rpoMs: d.rpoMs };
    },
    health: async () => {
      const results = await ops.health.run();
      return { failing: results.filter((r) => !r.ok).map((r) => r.name) };
    },
    slo: async () => {
      const reports = await ops.slo.guard();
      return { burning: reports.filter((r) => r.status !== 'ok').map((r) => `${r.tenantId ?? 'all'}:${r.slo}`) };
    },
    digest: async (period) => {
      await ops.digest.post(period);
      return { period };
    },
  };
}
