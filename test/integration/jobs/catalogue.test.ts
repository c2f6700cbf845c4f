import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_CATALOGUE, JOB_NAMES, QUEUES } from '../../../src/jobs/catalogue.js';
import { createJobProducer, type JobProducer } from '../../../src/jobs/producer.js';
import { createRedis } from '../../../src/jobs/redis.js';
import { type JobHandlers, startWorkers, type WorkerHost } from '../../../src/jobs/worker-host.js';
import { DomainError } from '../../../src/lib/errors.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { uniquePrefix } from '../../support/test-db.js';

const ALERT = '6f1c2d3e-4a5b-4c6d-8e7f-8a9b0c1d2e3f';

describe('job catalogue, producer and worker host (real Redis)', () => {
  const prefix = uniquePrefix();
  const producerConnection = createRedis('redis://127.0.0.1:6379', 'plain');
  const workerConnection = createRedis('redis://127.0.0.1:6379', 'worker');
  let producer: JobProducer;
  let host: WorkerHost;
  let events: QueueEvents;
  const seen: Array<{ name: string; payload: unknown; attempt: number }> = [];
  let failuresLeft = 1;

  beforeAll(async () => {
    await producerConnection.connect();
    await workerConnection.connect();
    producer = createJobProducer({ connection: producerConnection, prefix });
    const record = (name: string) => async (payload: unknown, job: { attemptsMade: number }) => {
      seen.push({ name, payload, attempt: job.attemptsMade });
    };
    const handlers = Object.fromEntries(JOB_NAMES.map((n) => [n, record(n)])) as unknown as JobHandlers;
    handlers['alert.process'] = async (payload, job) => {
      seen.push({ name: 'alert.process', payload, attempt: job.attemptsMade });
      if (failuresLeft-- > 0) throw new Error('transient: try again');
    };
    handlers['execution.advance'] = async () => {
      throw new DomainError('execution_not_found', 'gone');
    };
    host = startWorkers({
      connection: workerConnection,
      prefix,
      handlers,
      logger: silentLogger(),
      queues: ['alerts', 'executions'],
    });
    events = new QueueEvents('executions', { connection: createRedis('redis://127.0.0.1:6379', 'worker'), prefix });
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await host.close();
    await events.close();
    for (const q of QUEUES) await producer.queue(q).obliterate({ force: true });
    await producer.close();
    producerConnection.disconnect();
    workerConnection.disconnect();
  });

  it('gives every job a queue, a schema and a retention policy', () => {
    for (const name of JOB_NAMES) {
      const spec = JOB_CATALOGUE[name];
      expect(QUEUES).toContain(spec.queue);
      expect(spec.options.removeOnComplete, name).toBeTruthy();
      expect(spec.options.removeOnFail, name).toBeTruthy();
      expect(spec.options.attempts, name).toBeGreaterThanOrEqual(1);
    }
    // A command is never retried by the queue: a run that may have started is not started again.
    expect(JOB_CATALOGUE['step.run'].options.attempts).toBe(1);
  });

  it('refuses a payload that does not fit its schema, and job ids BullMQ cannot take', async () => {
    await expect(producer.enqueue('alert.process', { tenantId: 'T1', alertId: 'not-a-uuid' })).rejects.toThrow(
      /payload is invalid/,
    );
    await expect(
      producer.enqueue('alert.process', { tenantId: 'T1', alertId: ALERT }, { jobId: 'alert:1' }),
    ).rejects.toThrow(/must not contain/);
    await expect(
      producer.enqueue('alert.process', { tenantId: 'T1', alertId: ALERT }, { jobId: '12345' }),
    ).rejects.toThrow(/all digits/);
  });

  it('adds a job once per id, retries a transient failure, and does not retry a coded one', async () => {
    await producer.enqueue('alert.process', { tenantId: 'T1', alertId: ALERT }, { jobId: `alert__${ALERT}` });
    await producer.enqueue('alert.process', { tenantId: 'T1', alertId: ALERT }, { jobId: `alert__${ALERT}` });
    const deadline = Date.now() + 15_000;
    while (seen.filter((s) => s.name === 'alert.process').length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(seen.filter((s) => s.name === 'alert.process').map((s) => s.attempt)).toEqual([0, 1]);

    const failed = new Promise<string>((resolve) => events.once('failed', ({ failedReason }) => resolve(failedReason)));
    await producer.enqueue('execution.advance', { tenantId: 'T1', executionId: ALERT });
    expect(await failed).toBe('execution_not_found: gone');
    const job = (await producer.queue('executions').getFailed())[0]!;
    expect(job.attemptsMade).toBe(1);
  });
});
