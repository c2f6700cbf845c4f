import type { Db } from '../db/database.js';
import { inTenant } from '../db/tenant-scope.js';
import type { JobPort } from '../lib/job-port.js';
import type { Logger } from '../lib/logger.js';
import { insertDelivery, type NewDelivery } from './inbox-repo.js';

export interface IntakeResult {
  /** False for a redelivery of a delivery id already stored. */
  stored: boolean;
  alertId: string | null;
}

/** Deliveries stored within this window share one sealing job (their audit events, in one batch). */
const SEAL_EVERY_MS = 250;

/**
 * Stores a verified delivery, then asks for it to be sealed into the audit chain and
 * processed. The caller acknowledges only after the store commits: nothing is lost. The
 * audit event is written in a batch right after (docs/decisions/0102-intake-audit-in-batches.md),
 * so deliveries do not queue one by one behind the tenant's chain lock.
 */
export function createAlertIntake(deps: { db: Db; jobs: JobPort; logger: Logger }) {
  return {
    async receive(delivery: NewDelivery): Promise<IntakeResult> {
      const { tenantId, facts } = delivery;
      const alertId = await inTenant(deps.db, tenantId, (trx) => insertDelivery(trx, delivery));
      if (!alertId) return { stored: false, alertId: null };
      // After commit. If Redis is down the delivery is still safe in Postgres: the reconcile
      // job seals and processes whatever is left.
      const now = Date.now();
      const bucket = Math.floor(now / SEAL_EVERY_MS);
      const enqueued = [
        deps.jobs.enqueue(
          'alerts.seal',
          { tenantId },
          { jobId: `seal__${tenantId}__${bucket}`, delayMs: (bucket + 1) * SEAL_EVERY_MS - now },
        ),
      ];
      if (facts.actionable) {
        enqueued.push(deps.jobs.enqueue('alert.process', { tenantId, alertId }, { jobId: `alert__${alertId}` }));
      }
      await Promise.all(enqueued).catch((err: unknown) => {
        deps.logger.warn({ err, alertId }, 'could not enqueue alert; the reconciler will pick it up');
      });
      return { stored: true, alertId };
    },
  };
}

export type AlertIntake = ReturnType<typeof createAlertIntake>;
