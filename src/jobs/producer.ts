import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DomainError } from '../lib/errors.js';
import type { EnqueueOptions, JobName, JobPayloads, JobPort, JobRequest } from '../lib/job-port.js';
import { jobSpec, QUEUES, type QueueName } from './catalogue.js';

export interface JobProducer extends JobPort {
  enqueueMany: NonNullable<JobPort['enqueueMany']>;
  queue(name: QueueName): Queue;
  close(): Promise<void>;
}

export function createJobProducer(options: { connection: Redis; prefix: string }): JobProducer {
  const queues = new Map<QueueName, Queue>();
  const queue = (name: QueueName): Queue => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: options.connection, prefix: options.prefix });
      queues.set(name, q);
    }
    return q;
  };
  return {
    queue,
    async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts: EnqueueOptions = {}) {
      const spec = jobSpec(name);
      const job = checkedJob(name, payload, opts);
      if (opts.replaceFinished && opts.jobId !== undefined) await removeIfFinished(queue(spec.queue), opts.jobId);
      await queue(spec.queue).add(job.name, job.data, job.opts);
    },
    async enqueueMany<N extends JobName>(name: N, requests: Array<JobRequest<N>>) {
      const jobs = requests.map((r) => checkedJob(name, r.payload, r.options ?? {}));
      // One pipeline: each job is still added (or skipped, same jobId) by itself.
      if (jobs.length > 0) await queue(jobSpec(name).queue).addBulk(jobs);
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      queues.clear();
    },
  };
}

/** The job as BullMQ takes it, after its payload and id are checked against the catalogue. */
function checkedJob<N extends JobName>(name: N, payload: JobPayloads[N], opts: EnqueueOptions) {
  const spec = jobSpec(name);
  const parsed = spec.schema.safeParse(payload);
  if (!parsed.success) {
    throw new DomainError('invalid_input', `Job ${name} payload is invalid: ${parsed.error.message}`);
  }
  if (opts.jobId !== undefined && (opts.jobId.includes(':') || /^\d+$/.test(opts.jobId))) {
    throw new DomainError('invalid_input', `Job id "${opts.jobId}" must not contain ':' or be all digits`);
  }
  return {
    name: name as string,
    data: parsed.data,
    opts: {
      ...spec.options,
      ...(opts.jobId !== undefined ? { jobId: opts.jobId } : {}),
      ...(opts.delayMs !== undefined ? { delay: opts.delayMs } : {}),
    },
  };
}

async function removeIfFinished(queue: Queue, jobId: string): Promise<void> {
  const existing = await queue.getJob(jobId);
  if (!existing) return;
  const state = await existing.getState();
  if (state === 'failed' || state === 'completed') await existing.remove().catch(() => undefined);
}

export { QUEUES };
