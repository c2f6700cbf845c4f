import { createRedis } from '../jobs/redis.js';
import { upsertSchedules } from '../jobs/schedules.js';
import { startWorkers, type WorkerHost } from '../jobs/worker-host.js';
import { jobHandlers } from '../jobs/workers/handlers.js';
import type { Runtime } from './runtime.js';
import { listenForControl } from './worker-control.js';

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
  });
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
    ...(options.lockDurationMs ? { lockDurationMs: options.lockDurationMs } : {}),
    ...(options.stalledIntervalMs ? { stalledIntervalMs: options.stalledIntervalMs } : {}),
  });
  await upsertSchedules(runtime.jobs, {
    reconcileEveryMs: options.reconcileEveryMs ?? 30_000,
    anchorEveryMs: runtime.config.audit.anchorEveryMinutes * 60_000,
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
