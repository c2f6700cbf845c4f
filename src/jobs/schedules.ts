import type { JobProducer } from './producer.js';

/** Recurring jobs, upserted at worker start (idempotent by scheduler id). */
export async function upsertSchedules(
  producer: JobProducer,
  options: { reconcileEveryMs: number; anchorEveryMs: number },
): Promise<void> {
  await producer
    .queue('maintenance')
    .upsertJobScheduler(
      'alerts-reconcile',
      { every: options.reconcileEveryMs },
      { name: 'alerts.reconcile', data: {}, opts: { removeOnComplete: 100, removeOnFail: 500 } },
    );
  await producer
    .queue('maintenance')
    .upsertJobScheduler(
      'audit-anchor',
      { every: options.anchorEveryMs },
      { name: 'audit.anchor', data: {}, opts: { removeOnComplete: 30, removeOnFail: 100 } },
    );
  await producer
    .queue('maintenance')
    .upsertJobScheduler(
      'audit-partitions',
      { pattern: '0 15 3 * * *', tz: 'UTC' },
      { name: 'audit.partitions', data: {}, opts: { removeOnComplete: 30, removeOnFail: 100 } },
    );
}
