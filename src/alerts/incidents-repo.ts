import type { Kysely } from 'kysely';
import type { Database, IncidentRow, IncidentStatus } from '../db/types.js';

export interface IncidentMatch {
  best: { versionId: string; title: string; score: number; reason: string; stepCount: number } | null;
  runnersUp: Array<{ versionId: string; title: string; score: number; reason: string; stepCount: number }>;
}

export interface Incident {
  createdAt: Date;
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
  /** The external incident or alert group: later deliveries with this key update this incident. */
  groupKey: string | null;
  status: IncidentStatus;
  urgency: string | null;
  url: string | null;
  triggeredAt: Date;
  acknowledgedAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
  reopenedCount: number;
  announce: 'now' | 'summarised';
  /** The incident whose thread tells of this one (a related alert), or null: its own thread. */
  joinedTo: string | null;
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
    createdAt: row.created_at,
    groupKey: row.group_key,
    status: row.status,
    urgency: row.urgency,
    url: row.url,
    triggeredAt: row.triggered_at,
    acknowledgedAt: row.acknowledged_at,
    mitigatedAt: row.mitigated_at,
    resolvedAt: row.resolved_at,
    reopenedCount: row.reopened_count,
    announce: row.announce,
    joinedTo: row.joined_to,
  };
}

export type NewIncident = Pick<
  Incident,
  'tenantId' | 'alertId' | 'source' | 'externalId' | 'title' | 'service' | 'runbookVersionId' | 'match' | 'channelId'
> &
  Partial<Pick<Incident, 'groupKey' | 'urgency' | 'url' | 'announce'>> & {
    /** A related incident's thread tells of this one: it gets no message of its own. */
    joinedTo?: { id: string; messageTs: string } | null;
  };

/**
 * One incident per opening delivery and per group key; a retried job gets the one already
 * created. Null when another delivery of the same group opened it first (the caller joins it).
 */
export async function upsertIncident(db: Kysely<Database>, input: NewIncident): Promise<Incident | null> {
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
      group_key: input.groupKey ?? null,
      urgency: input.urgency ?? null,
      url: input.url ?? null,
      announce: input.joinedTo ? 'summarised' : (input.announce ?? 'now'),
      joined_to: input.joinedTo?.id ?? null,
      summarised_in: input.joinedTo?.messageTs ?? null,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const row = await db.selectFrom('incidents').selectAll().where('alert_id', '=', input.alertId).executeTakeFirst();
  return row ? toIncident(row) : null;
}

/** The incident of an external incident or alert group, locked for this transaction when asked. */
export async function findIncidentByGroup(
  db: Kysely<Database>,
  source: string,
  groupKey: string,
  lock = false,
): Promise<Incident | null> {
  let query = db.selectFrom('incidents').selectAll().where('source', '=', source).where('group_key', '=', groupKey);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toIncident(row) : null;
}

export async function lockIncident(db: Kysely<Database>, id: string): Promise<Incident | null> {
  const row = await db.selectFrom('incidents').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  return row ? toIncident(row) : null;
}

export interface IncidentStatusPatch {
  status: IncidentStatus;
  acknowledgedAt?: Date | null;
  resolvedAt?: Date | null;
  reopened?: boolean;
}

export async function updateIncidentStatus(db: Kysely<Database>, id: string, patch: IncidentStatusPatch) {
  const row = await db
    .updateTable('incidents')
    .set((eb) => ({
      status: patch.status,
      ...(patch.acknowledgedAt !== undefined ? { acknowledged_at: patch.acknowledgedAt } : {}),
      ...(patch.resolvedAt !== undefined ? { resolved_at: patch.resolvedAt } : {}),
      ...(patch.reopened ? { reopened_count: eb('reopened_count', '+', 1) } : {}),
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toIncident(row);
}

/** The run's last step is done: the incident is mitigated (first time only, for MTTR). */
export async function markMitigated(db: Kysely<Database>, id: string, at: Date): Promise<void> {
  await db
    .updateTable('incidents')
    .set({ mitigated_at: at })
    .where('id', '=', id)
    .where('mitigated_at', 'is', null)
    .execute();
}

export async function findIncidentForAlert(db: Kysely<Database>, alertId: string): Promise<Incident | null> {
  const row = await db.selectFrom('incidents').selectAll().where('alert_id', '=', alertId).executeTakeFirst();
  return row ? toIncident(row) : null;
}

export async function findIncident(db: Kysely<Database>, id: string): Promise<Incident | null> {
  const row = await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toIncident(row) : null;
}

const POSTING = 'posting:';

/**
 * Claims the right to announce an incident. `stale` says an earlier poster claimed it and
 * went silent (its worker died): the message may exist in Slack already and must be looked
 * up before posting again.
 */
export async function claimIncidentMessage(
  db: Kysely<Database>,
  id: string,
  nowMs: number,
  staleMs: number,
): Promise<{ claimed: boolean; stale: boolean }> {
  const row = await db.selectFrom('incidents').select('message_ts').where('id', '=', id).forUpdate().executeTakeFirst();
  const current = row?.message_ts ?? null;
  if (current && !current.startsWith(POSTING)) return { claimed: false, stale: false };
  const stale = current !== null && Number(current.slice(POSTING.length)) < nowMs - staleMs;
  if (current && !stale) return { claimed: false, stale: false };
  await db
    .updateTable('incidents')
    .set({ message_ts: `${POSTING}${nowMs}` })
    .where('id', '=', id)
    .execute();
  return { claimed: true, stale };
}

/** Gives a claim back after a failed post, so the next attempt may post at once. */
export async function releaseIncidentMessage(db: Kysely<Database>, id: string): Promise<void> {
  await db
    .updateTable('incidents')
    .set({ message_ts: null })
    .where('id', '=', id)
    .where('message_ts', 'like', `${POSTING}%`)
    .execute();
}

export function isAnnounced(incident: Pick<Incident, 'messageTs'>): boolean {
  return incident.messageTs !== null && !incident.messageTs.startsWith(POSTING);
}

export async function setIncidentMessage(
  db: Kysely<Database>,
  id: string,
  channelId: string,
  ts: string,
): Promise<void> {
  await db.updateTable('incidents').set({ channel_id: channelId, message_ts: ts }).where('id', '=', id).execute();
}

/** An incident opened by hand (`/runbook run`): no delivery behind it. */
export async function insertManualIncident(db: Kysely<Database>, input: NewIncident): Promise<Incident> {
  const row = await db
    .insertInto('incidents')
    .values({
      tenant_id: input.tenantId,
      alert_id: null,
      source: input.source,
      external_id: null,
      title: input.title,
      service: input.service,
      runbook_version_id: input.runbookVersionId,
      match: JSON.stringify(input.match),
      channel_id: input.channelId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toIncident(row);
}
