import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';
import type { JobPort } from '../lib/job-port.js';
import type { Logger } from '../lib/logger.js';
import { insertDelivery, type NewDelivery } from './inbox-repo.js';

export interface IntakeResult {
  /** False for a redelivery of a delivery id already stored. */
  stored: boolean;
  alertId: string | null;
}

/**
 * Stores a verified delivery (and its audit fact) in one transaction, then asks for it
 * to be processed. The caller acknowledges only after this resolves: nothing is lost.
 */
export function createAlertIntake(deps: { db: Db; audit: AuditLog; jobs: JobPort; logger: Logger }) {
  return {
    async receive(delivery: NewDelivery): Promise<IntakeResult> {
      const alertId = await deps.db.transaction().execute(async (trx) => {
        const id = await insertDelivery(trx, delivery);
        if (id) {
          await deps.audit.append(
            {
              tenantId: delivery.tenantId,
              type: delivery.facts.actionable ? 'alert.received' : 'alert.ignored',
              actor: `system:webhooks:${delivery.facts.source}`,
              subject: { type: 'alert', id },
              data: {
                source: delivery.facts.source,
                deliveryId: delivery.facts.deliveryId,
                eventType: delivery.facts.eventType,
                title: delivery.facts.title,
                service: delivery.facts.service,
              },
            },
            trx,
          );
        }
        return id;
      });
      if (!alertId) return { stored: false, alertId: null };
      if (delivery.facts.actionable) {
        // Enqueue after commit. If Redis is down the delivery is still safe in Postgres;
        // the reconcile job picks up anything left in `received`.
        await deps.jobs.enqueue('alert.process', { alertId }, { jobId: `alert__${alertId}` }).catch((err: unknown) => {
          deps.logger.warn({ err, alertId }, 'could not enqueue alert; the reconciler will pick it up');
        });
      }
      return { stored: true, alertId };
    },
  };
}

export type AlertIntake = ReturnType<typeof createAlertIntake>;
