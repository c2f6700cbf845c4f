import type { Redis } from 'ioredis';
import type { OpsStore, QueueHealth, QueuePort } from '../ops/ports.js';
import { QUEUES } from './catalogue.js';
import type { JobProducer } from './producer.js';

/** The operations feature's view of the queues: lag, failures, outcomes (BullMQ metrics). */
export function createQueuePort(producer: JobProducer): QueuePort {
  const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));
  const sumMetric = async (queue: string, type: 'completed' | 'failed', ms: number) => {
    const m = await producer.queue(queue as (typeof QUEUES)[number]).getMetrics(type, 0, minutes(ms) - 1);
    return m.data.reduce((a, b) => a + (Number(b) || 0), 0);
  };
  return {
    async health(): Promise<QueueHealth[]> {
      const now = Date.now();
      return Promise.all(
        QUEUES.map(async (name) => {
          const q = producer.queue(name);
          const counts = await q.getJobCounts('waiting', 'prioritized', 'active');
          const [oldest] = await q.getJobs(['wait', 'prioritized'], 0, 0, true);
          return {
            queue: name,
            waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
            active: counts.active ?? 0,
            oldestWaitingMs: oldest ? Math.max(0, now - oldest.timestamp - (oldest.delay ?? 0)) : 0,
            failedLastHour: await sumMetric(name, 'failed', 3600_000),
          };
        }),
      );
    },
    async outcomes(windowMs) {
      let completed = 0;
      let failed = 0;
      for (const name of QUEUES) {
        completed += await sumMetric(name, 'completed', windowMs);
        failed += await sumMetric(name, 'failed', windowMs);
      }
      return { completed, failed };
    },
  };
}

/** Monitor state in Redis, under the installation's queue prefix. */
export function createRedisOpsStore(redis: Redis, prefix: string): OpsStore {
  const key = (k: string) => `${prefix}:ops:${k}`;
  return {
    get: (k) => redis.get(key(k)),
    async set(k, value) {
      await redis.set(key(k), value);
    },
  };
}
