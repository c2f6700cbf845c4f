import type { CheckResult } from './types.js';

/**
 * What the operations feature needs from the outside, as small ports. The adapters
 * (src/jobs for queues and Redis, src/app for the product itself) implement them.
 */

/** A small persistent key-value store for monitor state (Redis in production). */
export interface OpsStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

export interface QueueHealth {
  queue: string;
  /** Age of the oldest job waiting to be picked up; 0 when none waits. */
  oldestWaitingMs: number;
  waiting: number;
  active: number;
  /** Jobs that failed for good in the last hour. */
  failedLastHour: number;
}

export interface QueuePort {
  health(): Promise<QueueHealth[]>;
  /** Completed and failed job counts over the last `windowMs` (all queues). */
  outcomes(windowMs: number): Promise<{ completed: number; failed: number }>;
}

/** Starts the product on a restored database in dry-run and pushes a synthetic alert through it. */
export interface DrillRehearsal {
  rehearse(input: { ownerUrl: string }): Promise<{ checks: CheckResult[]; phases: Record<string, number> }>;
}

/** A named dependency probe: resolves when usable, throws a sentence when not. */
export type Probe = () => Promise<void>;
