import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/types.js';

/** An incident whose thread a related alert joins: it has its own message there. */
export interface ThreadOwner {
  id: string;
  messageTs: string;
}

/** How long an announced incident takes in related alerts of its service during a storm. */
const SAME_SERVICE_WITHIN_MS = 15 * 60_000;

/** Open incidents with their own posted message in the channel, and not themselves joined to another. */
function openWithThread(db: Kysely<Database>, channelId: string) {
  return db
    .selectFrom('incidents')
    .select(['incidents.id', 'incidents.message_ts'])
    .where('incidents.channel_id', '=', channelId)
    .where('incidents.status', '!=', 'resolved')
    .where('incidents.announce', '=', 'now')
    .where('incidents.joined_to', 'is', null)
    .where('incidents.message_ts', 'is not', null)
    .where('incidents.message_ts', 'not like', 'posting:%');
}

async function firstOwner(
  query: SelectQueryBuilder<Database, 'incidents', { id: string; message_ts: string | null }>,
): Promise<ThreadOwner | null> {
  const row = await query.orderBy('incidents.created_at', 'desc').limit(1).executeTakeFirst();
  return row?.message_ts ? { id: row.id, messageTs: row.message_ts } : null;
}

/**
 * The open incident of the same source in which one of these alerts is already firing: the
 * same alert reached us in another group (two routes, a regrouping), so it is told in that
 * thread instead of opening a second one. Always, not only in storms.
 */
export async function incidentFiringSameAlert(
  db: Kysely<Database>,
  input: { channelId: string; source: string; fingerprints: string[] },
): Promise<ThreadOwner | null> {
  if (input.fingerprints.length === 0) return null;
  return firstOwner(
    openWithThread(db, input.channelId)
      .where('incidents.source', '=', input.source)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('incident_alerts')
            .select('incident_alerts.incident_id')
            .whereRef('incident_alerts.incident_id', '=', 'incidents.id')
            .where('incident_alerts.status', '=', 'firing')
            .where('incident_alerts.fingerprint', 'in', input.fingerprints),
        ),
      ),
  );
}

/** During a storm: the recent open incident of the same service, whose thread the alert joins. */
export async function recentIncidentOfService(
  db: Kysely<Database>,
  input: { channelId: string; service: string | null; now: Date },
): Promise<ThreadOwner | null> {
  if (!input.service) return null;
  return firstOwner(
    openWithThread(db, input.channelId)
      .where('incidents.service', '=', input.service)
      .where('incidents.created_at', '>=', new Date(input.now.getTime() - SAME_SERVICE_WITHIN_MS)),
  );
}
