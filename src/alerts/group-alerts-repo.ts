import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import type { AlertItem } from './types.js';

export interface GroupAlert {
  fingerprint: string;
  title: string;
  status: 'firing' | 'resolved';
  /** It fired before, stopped, and fires again (not told yet). */
  firingAgain: boolean;
}

/**
 * Records the alerts a delivery names under its incident. A fingerprint seen for the first
 * time is left un-noted (the thread has not been told yet); a known one moves status, and one
 * that stopped firing and fires again is un-noted again, so the thread hears of it.
 */
export async function recordGroupAlerts(
  db: Kysely<Database>,
  input: { tenantId: string; incidentId: string; alertId: string; items: AlertItem[]; noted: boolean },
): Promise<void> {
  if (input.items.length === 0) return;
  await db
    .insertInto('incident_alerts')
    .values(
      input.items.map((item) => ({
        tenant_id: input.tenantId,
        incident_id: input.incidentId,
        fingerprint: item.fingerprint,
        title: item.title.slice(0, 500),
        status: item.status,
        first_alert_id: input.alertId,
        noted: input.noted,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['incident_id', 'fingerprint']).doUpdateSet((eb) => {
        const firesAgain = eb.and([
          eb('incident_alerts.status', '=', 'resolved'),
          eb('excluded.status', '=', 'firing'),
        ]);
        return {
          status: eb.ref('excluded.status'),
          noted: eb.case().when(firesAgain).then(false).else(eb.ref('incident_alerts.noted')).end(),
          firing_again: eb.case().when(firesAgain).then(true).else(eb.ref('incident_alerts.firing_again')).end(),
          updated_at: new Date(),
        };
      }),
    )
    .execute();
}

/** Alerts of the group the thread has not been told about yet, oldest first. */
export async function unnotedGroupAlerts(db: Kysely<Database>, incidentId: string): Promise<GroupAlert[]> {
  return db
    .selectFrom('incident_alerts')
    .select(['fingerprint', 'title', 'status', 'firing_again as firingAgain'])
    .where('incident_id', '=', incidentId)
    .where('noted', '=', false)
    .orderBy('updated_at')
    .execute();
}

export async function markNoted(db: Kysely<Database>, incidentId: string, fingerprints: string[]): Promise<void> {
  if (fingerprints.length === 0) return;
  await db
    .updateTable('incident_alerts')
    .set({ noted: true, firing_again: false })
    .where('incident_id', '=', incidentId)
    .where('fingerprint', 'in', fingerprints)
    .execute();
}

/** How many of the group's alerts are firing and how many there are. */
export async function groupCounts(
  db: Kysely<Database>,
  incidentId: string,
): Promise<{ firing: number; total: number }> {
  const rows = await db
    .selectFrom('incident_alerts')
    .select(['status'])
    .where('incident_id', '=', incidentId)
    .execute();
  return { firing: rows.filter((r) => r.status === 'firing').length, total: rows.length };
}
