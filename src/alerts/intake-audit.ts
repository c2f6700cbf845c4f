import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';
import { inTenant } from '../db/tenant-scope.js';
import type { AlertFacts } from './types.js';

/** Deliveries sealed into the audit chain per transaction (one chain lock for all of them). */
const BATCH = 500;

/**
 * Writes the audit events of stored deliveries in batches, in the order they were received
 * (docs/decisions/0102-intake-audit-in-batches.md). The delivery itself is durable in the
 * inbox before its 2xx; its `alert.received` (or `alert.ignored`) event follows within a
 * second, always before anything the product then does about it (processing seals first).
 */
export function createIntakeSealer(deps: { db: Db; audit: AuditLog }) {
  async function sealBatch(tenantId: string): Promise<number> {
    return inTenant(deps.db, tenantId, async (trx) => {
      // FOR UPDATE, not SKIP LOCKED: a second sealer waits, so no later event overtakes a delivery's own.
      const rows = await trx
        .selectFrom('alert_inbox')
        .select(['id', 'payload', 'received_at'])
        .where('audited', '=', false)
        .orderBy('received_at')
        .orderBy('id')
        .limit(BATCH)
        .forUpdate()
        .execute();
      for (const row of rows) {
        const { facts } = row.payload as { facts: AlertFacts };
        await deps.audit.append(
          {
            tenantId,
            type: facts.actionable ? 'alert.received' : 'alert.ignored',
            actor: `system:webhooks:${facts.source}`,
            subject: { type: 'alert', id: row.id },
            data: {
              source: facts.source,
              deliveryId: facts.deliveryId,
              eventType: facts.eventType,
              title: facts.title,
              service: facts.service,
              receivedAt: new Date(row.received_at).toISOString(),
            },
          },
          trx,
        );
      }
      if (rows.length > 0) {
        await trx
          .updateTable('alert_inbox')
          .set({ audited: true })
          .where(
            'id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
      }
      return rows.length;
    });
  }

  return {
    /** Seals every unsealed delivery of the tenant; returns how many. */
    async seal(tenantId: string): Promise<number> {
      let total = 0;
      for (;;) {
        const n = await sealBatch(tenantId);
        total += n;
        if (n < BATCH) return total;
      }
    },
  };
}

export type IntakeSealer = ReturnType<typeof createIntakeSealer>;
