import type { AuditLog } from '../audit/audit-log.js';
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

/**
 * Stores a verified delivery (and its audit fact) in one transaction, then asks for it
 * to be processed. The caller acknowledges only after this resolves: nothing is lost.
 */
export function createAlertIntake(deps: { db: Db; audit: AuditLog; jobs: JobPort; logger: Logger }) {
  return {
    async receive(delivery: NewDelivery): Promise<IntakeResult> {
      const { tenantId, facts } = delivery;
      const alertId = await inTenant(deps.db, tenantId, async (trx) => {
        const id = await insertDelivery(trx, delivery);
        if (!id) return null;
        const alert = {
          source: facts.source,
          deliveryId: facts.deliveryId,
          eventType: facts.eventType,
          title: facts.title,
          service: facts.service,
        };
        await deps.audit.append(
          facts.actionable
            ? {
                tenantId,
                type: 'alert.received',
                actor: `system:webhooks:${facts.source}`,
                subject: { type: 'alert', id },
                data: alert,
              }
            : {
                tenantId,
                type: 'alert.ignored',
                actor: `system:webhooks:${facts.source}`,
                subject: { type: 'alert', id },
                data: alert,
              },
          trx,
        );
        return id;
      });
      if (!alertId) return { stored: false, alertId: null };
      if (facts.actionable) {
        // Enqueue after commit. If Redis is down the delivery is still safe in Postgres;
        // the reconcile job picks up anything left in `received`.
        await deps.jobs
          .enqueue('alert.process', { tenantId, alertId }, { jobId: `alert__${alertId}` })
          .catch((err: unknown) => {
            deps.logger.warn({ err, alertId }, 'could not enqueue alert; the reconciler will pick it up');
          });
      }
      return { stored: true, alertId };
    },
  };
}

export type AlertIntake = ReturnType<typeof createAlertIntake>;
