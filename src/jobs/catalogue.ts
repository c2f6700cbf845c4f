import type { JobsOptions } from 'bullmq';
import { z } from 'zod';
import type { JobName, JobPayloads } from '../lib/job-port.js';

/**
 * Every job type: its queue, its payload schema, its retry policy. A job not listed here
 * cannot be enqueued or processed.
 */
export const QUEUES = ['alerts', 'executions', 'executor', 'classifier', 'maintenance', 'ops', 'copilot'] as const;
export type QueueName = (typeof QUEUES)[number];

interface JobSpec<N extends JobName> {
  queue: QueueName;
  schema: z.ZodType<JobPayloads[N]>;
  options: JobsOptions;
}

const uuid = z.string().uuid();
/** A Slack team id (T…), or a sandbox/test tenant: never empty. */
const tenantId = z.string().min(1).max(64);
const empty = z.object({}).strict() as unknown as z.ZodType<Record<string, never>>;

// Completed jobs are kept briefly for debugging; failed ones longer, for the operator.
const keep = { removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 7 * 24 * 3600, count: 5000 } };

export const JOB_CATALOGUE: { [N in JobName]: JobSpec<N> } = {
  'alert.process': {
    queue: 'alerts',
    schema: z.object({ tenantId, alertId: uuid }),
    options: { attempts: 8, backoff: { type: 'exponential', delay: 1000 }, ...keep },
  },
  'incidents.summarise': {
    queue: 'alerts',
    schema: z.object({ tenantId, channelId: z.string().min(1).max(64) }),
    options: { attempts: 8, backoff: { type: 'exponential', delay: 1000 }, ...keep },
  },
  'execution.advance': {
    queue: 'executions',
    schema: z.object({ tenantId, executionId: uuid }),
    options: { attempts: 10, backoff: { type: 'exponential', delay: 500 }, ...keep },
  },
  // Never retried: a command that may have started is not started again. A stalled job
  // (its worker died) is seen by the next processor as a run already claimed.
  'step.run': {
    queue: 'executor',
    schema: z.object({ tenantId, runId: uuid }),
    options: { attempts: 1, ...keep },
  },
  'step.expire_approval': {
    queue: 'executions',
    schema: z.object({ tenantId, stepId: uuid, requestedAt: z.string().datetime({ offset: true }) }),
    options: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, ...keep },
  },
  'command.opinion': {
    queue: 'classifier',
    schema: z.object({ tenantId, stepId: uuid, commandSha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    options: { attempts: 2, backoff: { type: 'fixed', delay: 2000 }, ...keep },
  },
  'alerts.reconcile': {
    queue: 'maintenance',
    schema: empty,
    options: { attempts: 1, ...keep },
  },
  'audit.partitions': {
    queue: 'maintenance',
    schema: empty,
    options: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, ...keep },
  },
  'audit.anchor': {
    queue: 'maintenance',
    schema: empty,
    options: { attempts: 3, backoff: { type: 'exponential', delay: 10_000 }, ...keep },
  },
  // Operations: a failed backup or drill is reported at once and retried once, later.
  'ops.backup': {
    queue: 'ops',
    schema: empty,
    options: { attempts: 2, backoff: { type: 'fixed', delay: 15 * 60_000 }, ...keep },
  },
  'ops.drill': {
    queue: 'ops',
    schema: z.object({ kind: z.enum(['quick', 'full']) }),
    options: { attempts: 1, ...keep },
  },
  'ops.health': { queue: 'ops', schema: empty, options: { attempts: 1, ...keep } },
  'ops.slo': { queue: 'ops', schema: empty, options: { attempts: 1, ...keep } },
  'ops.digest': {
    queue: 'ops',
    schema: z.object({ period: z.enum(['day', 'week']) }),
    options: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, ...keep },
  },
  // Job id copilot__<turn id>: the turn is stored once per Slack event id, so a retried
  // event queues nothing new. Retried once: a turn left running is answered again.
  'copilot.turn': {
    queue: 'copilot',
    schema: z.object({ tenantId, turnId: uuid }),
    options: { attempts: 2, backoff: { type: 'fixed', delay: 2000 }, ...keep },
  },
  'copilot.recalibrate': {
    queue: 'maintenance',
    schema: empty,
    options: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, ...keep },
  },
};

export function jobSpec<N extends JobName>(name: N): JobSpec<N> {
  return JOB_CATALOGUE[name];
}

export const JOB_NAMES = Object.keys(JOB_CATALOGUE) as JobName[];
