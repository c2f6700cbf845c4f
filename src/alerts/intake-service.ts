import type { Db } from '../db/database.js';
import { enqueueAll, type JobPort } from '../lib/job-port.js';
import type { Logger } from '../lib/logger.js';
import type { NewDelivery } from './inbox-repo.js';
import { createIntakeBatcher, type StoredDelivery } from './intake-batcher.js';

export interface IntakeResult {
  /** False for a redelivery of a delivery id already stored. */
  stored: boolean;
  alertId: string | null;
}

/** Deliveries stored within this window share one sealing job (their audit events, in one batch). */
const SEAL_EVERY_MS = 250;

/**
 * Stores a verified delivery, then asks for it to be sealed into the audit chain and
 * processed. The caller acknowledges only after the store commits: nothing is lost.
 * Deliveries arriving together are committed together (intake-batcher.ts) and their jobs
 * enqueued together; the audit event is written in a batch right after
 * (docs/decisions/0102-intake-audit-in-batches.md), so deliveries do not queue one by one
 * behind a commit or the tenant's chain lock.
 */
export function createAlertIntake(deps: { db: Db; jobs: JobPort; logger: Logger }) {
  const sealJobs = createSealJobs(deps.jobs);

  // After commit. If Redis is down the deliveries are still safe in Postgres: the reconcile
  // job seals and processes whatever is left.
  async function enqueueJobs(tenantId: string, stored: StoredDelivery[]): Promise<void> {
    const processJobs = stored
      .filter((s) => s.delivery.facts.actionable)
      .map((s) => ({ payload: { tenantId, alertId: s.alertId }, options: { jobId: `alert__${s.alertId}` } }));
    await Promise.all([sealJobs.ensure(tenantId), enqueueAll(deps.jobs, 'alert.process', processJobs)]).catch(
      (err: unknown) => {
        const alertIds = stored.map((s) => s.alertId);
        deps.logger.warn({ err, alertIds }, 'could not enqueue alerts; the reconciler will pick them up');
      },
    );
  }

  const batcher = createIntakeBatcher({ db: deps.db, afterCommit: enqueueJobs });
  return {
    async receive(delivery: NewDelivery): Promise<IntakeResult> {
      const alertId = await batcher.store(delivery);
      return alertId ? { stored: true, alertId } : { stored: false, alertId: null };
    },
  };
}

export type AlertIntake = ReturnType<typeof createAlertIntake>;

/**
 * One `alerts.seal` job per tenant per 250 ms window is all the sealer needs (it seals every
 * unsealed delivery of the tenant when it runs, at the window's end). Its jobId already made
 * Redis drop the repeats; this asks Redis once per window instead of once per delivery.
 * A failed enqueue is forgotten, so the next delivery of the window tries again.
 */
function createSealJobs(jobs: JobPort) {
  const asked = new Map<string, { bucket: number; done: Promise<void> }>();
  return {
    ensure(tenantId: string): Promise<void> {
      const now = Date.now();
      const bucket = Math.floor(now / SEAL_EVERY_MS);
      const known = asked.get(tenantId);
      if (known?.bucket === bucket) return known.done;
      const done = jobs.enqueue(
        'alerts.seal',
        { tenantId },
        { jobId: `seal__${tenantId}__${bucket}`, delayMs: (bucket + 1) * SEAL_EVERY_MS - now },
      );
      const entry = { bucket, done };
      asked.set(tenantId, entry);
      done.catch(() => {
        if (asked.get(tenantId) === entry) asked.delete(tenantId);
      });
      return done;
    },
  };
}
