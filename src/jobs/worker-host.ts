import { type Job, MetricsTime, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { DomainError, isDomainError } from '../lib/errors.js';
import type { JobName, JobPayloads } from '../lib/job-port.js';
import { type LogBindings, withLogContext } from '../lib/log-context.js';
import type { Logger } from '../lib/logger.js';
import { JOB_CATALOGUE, QUEUES, type QueueName } from './catalogue.js';

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], job: Job) => Promise<unknown>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };

export interface WorkerHostOptions {
  connection: Redis;
  prefix: string;
  handlers: JobHandlers;
  logger: Logger;
  concurrency?: Partial<Record<QueueName, number>>;
  /** Shorter lock/stall windows let tests see a killed worker's job quickly. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  queues?: readonly QueueName[];
}

export interface WorkerHost {
  workers: Worker[];
  close(): Promise<void>;
}

const DEFAULT_CONCURRENCY: Record<QueueName, number> = {
  alerts: 4,
  executions: 8,
  executor: 4,
  classifier: 4,
  maintenance: 1,
  // Backups, drills and health rounds run one at a time, on their own queue.
  ops: 1,
  // Copilot turns wait on the model; one thread is answered one turn at a time (src/copilot/drain.ts).
  copilot: 4,
};

/** One BullMQ Worker per queue; each job is validated against the catalogue, then handled. */
export function startWorkers(options: WorkerHostOptions): WorkerHost {
  const workers = (options.queues ?? QUEUES).map((queueName) => {
    const worker = new Worker(queueName, (job) => processJob(job, options), {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency?.[queueName] ?? DEFAULT_CONCURRENCY[queueName],
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: 1,
      // Per-minute completed/failed counts for a week: the job-success SLO and failed-jobs check read them.
      metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
    });
    worker.on('failed', (job, err) =>
      options.logger.warn({ jobId: job?.id, job: job?.name, attempts: job?.attemptsMade, err }, 'job failed'),
    );
    worker.on('error', (err) => options.logger.error({ err, queue: queueName }, 'worker error'));
    return worker;
  });
  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

/** The job and the ids its payload names: every line the handler logs carries them. */
function jobBindings(job: Job, name: JobName, payload: unknown): LogBindings {
  const ids = payload as Partial<Record<'tenantId' | 'executionId' | 'stepId' | 'runId', string>>;
  return {
    jobId: job.id,
    job: name,
    tenantId: ids.tenantId,
    executionId: ids.executionId,
    stepId: ids.stepId,
    runId: ids.runId,
  };
}

async function processJob(job: Job, options: WorkerHostOptions): Promise<unknown> {
  const name = job.name as JobName;
  const spec = JOB_CATALOGUE[name];
  if (!spec) throw new UnrecoverableError(`Unknown job type ${job.name}`);
  const parsed = spec.schema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`Invalid payload for ${name}: ${parsed.error.message}`);
  const log = options.logger.child({ jobId: job.id, job: name });
  try {
    const handler = options.handlers[name] as JobHandler<typeof name>;
    return await withLogContext(jobBindings(job, name, parsed.data), () => handler(parsed.data as never, job));
  } catch (err) {
    // Coded errors that retrying cannot fix stop here; everything else gets the backoff.
    if (isDomainError(err) && !err.retryable) {
      log.info({ code: err.code, msg: err.message }, 'job stopped: not retryable');
      throw new UnrecoverableError(`${err.code}: ${err.message}`);
    }
    if (!(err instanceof Error)) throw new DomainError('internal', String(err));
    throw err;
  }
}
