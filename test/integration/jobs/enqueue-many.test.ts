import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_CATALOGUE } from '../../../src/jobs/catalogue.js';
import { createJobProducer, type JobProducer } from '../../../src/jobs/producer.js';
import { createRedis } from '../../../src/jobs/redis.js';
import { DomainError } from '../../../src/lib/errors.js';
import { enqueueAll } from '../../../src/lib/job-port.js';
import { uniquePrefix } from '../../support/test-db.js';

const alert = (n: number) => `6f1c2d3e-4a5b-4c6d-8e7f-8a9b0c1d2e${String(n).padStart(2, '0')}`;

describe('many jobs in one round trip (real Redis)', () => {
  const connection = createRedis('redis://127.0.0.1:6379', 'plain');
  let producer: JobProducer;

  beforeAll(async () => {
    await connection.connect();
    producer = createJobProducer({ connection, prefix: uniquePrefix() });
  });
  afterAll(async () => {
    await producer.queue('alerts').obliterate({ force: true });
    await producer.close();
    connection.disconnect();
  });

  it('adds each job once per jobId, with the catalogue options, and validates every payload first', async () => {
    await producer.enqueue('alert.process', { tenantId: 'T0A', alertId: alert(1) }, { jobId: `alert__${alert(1)}` });
    await enqueueAll(
      producer,
      'alert.process',
      [1, 2, 3].map((n) => ({
        payload: { tenantId: 'T0A', alertId: alert(n) },
        options: { jobId: `alert__${alert(n)}` },
      })),
    );
    const queue = producer.queue('alerts');
    const jobs = await queue.getJobs(['waiting', 'delayed']);
    expect(jobs.map((j) => j.id).sort()).toEqual([1, 2, 3].map((n) => `alert__${alert(n)}`));
    expect(jobs[0]!.opts.attempts).toBe(JOB_CATALOGUE['alert.process'].options.attempts);

    const bad = [
      { payload: { tenantId: 'T0A', alertId: 'not-a-uuid' } },
      { payload: { tenantId: 'T0A', alertId: alert(4) } },
    ];
    await expect(producer.enqueueMany('alert.process', bad)).rejects.toBeInstanceOf(DomainError);
    expect(await queue.getJobCountByTypes('waiting', 'delayed')).toBe(3);
  });
});
