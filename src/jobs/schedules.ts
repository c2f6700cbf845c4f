import type { OpsScheduleName } from '../config-ops.js';
import type { JobName, JobPayloads } from '../lib/job-port.js';
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
  await producer
    .queue('maintenance')
    .upsertJobScheduler(
      'copilot-recalibrate',
      { pattern: '0 30 3 * * *', tz: 'UTC' },
      { name: 'copilot.recalibrate', data: {}, opts: { removeOnComplete: 30, removeOnFail: 100 } },
    );
}

/** Which job each operations schedule enqueues. */
export const OPS_SCHEDULE_JOBS: {
  [S in OpsScheduleName]: { [N in JobName]: { name: N; data: JobPayloads[N] } }[JobName];
} = {
  backup: { name: 'ops.backup', data: {} },
  drill_quick: { name: 'ops.drill', data: { kind: 'quick' } },
  drill_full: { name: 'ops.drill', data: { kind: 'full' } },
  health: { name: 'ops.health', data: {} },
  slo: { name: 'ops.slo', data: {} },
  digest_daily: { name: 'ops.digest', data: { period: 'day' } },
  report_weekly: { name: 'ops.digest', data: { period: 'week' } },
};

/**
 * The operations schedules from config (cron in OPS_TIMEZONE). A schedule switched off
 * ("off" or empty) is removed, so turning one off takes effect at the next worker start.
 */
export async function upsertOpsSchedules(
  producer: JobProducer,
  options: { timezone: string; schedules: Record<OpsScheduleName, string | null> },
): Promise<void> {
  const queue = producer.queue('ops');
  for (const [name, job] of Object.entries(OPS_SCHEDULE_JOBS) as Array<
    [OpsScheduleName, { name: JobName; data: object }]
  >) {
    const pattern = options.schedules[name];
    const id = `ops-${name.replace(/_/g, '-')}`;
    if (!pattern) {
      await queue.removeJobScheduler(id);
      continue;
    }
    await queue.upsertJobScheduler(
      id,
      { pattern, tz: options.timezone },
      { name: job.name, data: job.data, opts: { removeOnComplete: 50, removeOnFail: 200 } },
    );
  }
}
