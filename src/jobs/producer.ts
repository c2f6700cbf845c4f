import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DomainError } from '../lib/errors.js';
import type { EnqueueOptions, JobName, JobPayloads, JobPort } from '../lib/job-port.js';
import { jobSpec, QUEUES, type QueueName } from './catalogue.js';

export interface JobProducer extends JobPort {
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
      const parsed = spec.schema.safeParse(payload);
      if (!parsed.success) {
        throw new DomainError('invalid_input', `Job ${name} payload is invalid: ${parsed.error.message}`);
      }
      if (opts.jobId !== undefined && (opts.jobId.includes(':') || /^\d+$/.test(opts.jobId))) {
        throw new DomainError('invalid_input', `Job id "${opts.jobId}" must not contain ':' or be all digits`);
      }
      if (opts.replaceFinished && opts.jobId !== undefined) await removeIfFinished(queue(spec.queue), opts.jobId);
      await queue(spec.queue).add(name, parsed.data, {
        ...spec.options,
        ...(opts.jobId !== undefined ? { jobId: opts.jobId } : {}),
        ...(opts.delayMs !== undefined ? { delay: opts.delayMs } : {}),
      });
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      queues.clear();
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
