import type { Kysely } from 'kysely';
import type { Database, IncidentRow } from '../db/types.js';

export interface IncidentMatch {
  best: { versionId: string; title: string; score: number; reason: string; stepCount: number } | null;
  runnersUp: Array<{ versionId: string; title: string; score: number; reason: string; stepCount: number }>;
}

export interface Incident {
  id: string;
  tenantId: string;
  alertId: string | null;
  source: string;
  externalId: string | null;
  title: string;
  service: string | null;
  runbookVersionId: string | null;
  match: IncidentMatch;
  channelId: string | null;
  messageTs: string | null;
}

function toIncident(row: IncidentRow): Incident {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    alertId: row.alert_id,
    source: row.source,
    externalId: row.external_id,
    title: row.title,
    service: row.service,
    runbookVersionId: row.runbook_version_id,
    match: row.match as IncidentMatch,
    channelId: row.channel_id,
    messageTs: row.message_ts,
  };
}

/** One incident per alert delivery; a retried job gets the one already created. */
export async function upsertIncident(
  db: Kysely<Database>,
  input: Omit<Incident, 'id' | 'messageTs'>,
): Promise<Incident> {
  await db
    .insertInto('incidents')
    .values({
      tenant_id: input.tenantId,
      alert_id: input.alertId,
      source: input.source,
      external_id: input.externalId,
      title: input.title,
      service: input.service,
      runbook_version_id: input.runbookVersionId,
      match: JSON.stringify(input.match),
      channel_id: input.channelId,
    })
    .onConflict((oc) => oc.column('alert_id').doNothing())
    .execute();
  const row = await db
    .selectFrom('incidents')
    .selectAll()
    .where('alert_id', '=', input.alertId)
    .executeTakeFirstOrThrow();
  return toIncident(row);
}

export async function findIncident(db: Kysely<Database>, id: string): Promise<Incident | null> {
  const row = await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toIncident(row) : null;
}

export async function setIncidentMessage(
  db: Kysely<Database>,
  id: string,
  channelId: string,
  ts: string,
): Promise<void> {
  await db.updateTable('incidents').set({ channel_id: channelId, message_ts: ts }).where('id', '=', id).execute();
}
