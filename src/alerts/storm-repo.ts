import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/types.js';

/**
 * Serialises the decisions "does this incident get its own message?" in one channel, so
 * concurrent workers cannot all spend the last unit of the channel's budget.
 */
export async function lockChannelBudget(db: Kysely<Database>, tenantId: string, channelId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`announce:${tenantId}:${channelId}`}))`.execute(db);
}

/** Incidents that got (or are getting) their own message in the channel since `since`. */
export async function announcedSince(db: Kysely<Database>, channelId: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('incidents')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('channel_id', '=', channelId)
    .where('announce', '=', 'now')
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface SummarisedIncident {
  id: string;
  title: string;
  service: string | null;
  urgency: string | null;
  source: string;
  createdAt: Date;
}

const CLAIM = 'posting:';

function toSummarised(r: {
  id: string;
  title: string;
  service: string | null;
  urgency: string | null;
  source: string;
  created_at: Date;
}): SummarisedIncident {
  return {
    id: r.id,
    title: r.title,
    service: r.service,
    urgency: r.urgency,
    source: r.source,
    createdAt: r.created_at,
  };
}

/** A batch of held-back incidents one summariser has claimed; `key` names its summary message. */
export interface SummaryClaim {
  incidents: SummarisedIncident[];
  key: string;
  /** An earlier summariser claimed it and went silent: its message may already be in Slack. */
  resumed: boolean;
}

/**
 * Claims the next incidents a storm summary names, oldest first, so that two summarisers of
 * one channel never name the same incident. A claim left by a summariser that died (older
 * than `staleMs`) is taken over under the same key, so its message can be looked up first.
 */
export async function claimSummaryBatch(
  db: Kysely<Database>,
  input: { tenantId: string; channelId: string; limit: number; nowMs: number; staleMs: number; newKey: string },
): Promise<SummaryClaim | null> {
  await sql`select pg_advisory_xact_lock(hashtext(${`summary:${input.tenantId}:${input.channelId}`}))`.execute(db);
  const columns = ['id', 'title', 'service', 'urgency', 'source', 'created_at', 'summarised_in'] as const;
  const claimed = await db
    .selectFrom('incidents')
    .select(columns)
    .where('channel_id', '=', input.channelId)
    .where('announce', '=', 'summarised')
    .where('summarised_in', 'like', `${CLAIM}%`)
    .orderBy('created_at')
    .execute();
  const stale = claimed.find((r) => Number(r.summarised_in!.split(':')[1]) < input.nowMs - input.staleMs);
  if (stale) {
    const key = stale.summarised_in!.split(':')[2]!;
    const rows = claimed.filter((r) => r.summarised_in === stale.summarised_in);
    await setClaim(db, rows, `${CLAIM}${input.nowMs}:${key}`);
    return { incidents: rows.map(toSummarised), key, resumed: true };
  }
  const rows = await db
    .selectFrom('incidents')
    .select(columns)
    .where('channel_id', '=', input.channelId)
    .where('announce', '=', 'summarised')
    .where('summarised_in', 'is', null)
    .orderBy('created_at')
    .limit(input.limit)
    .execute();
  if (rows.length === 0) return null;
  await setClaim(db, rows, `${CLAIM}${input.nowMs}:${input.newKey}`);
  return { incidents: rows.map(toSummarised), key: input.newKey, resumed: false };
}

async function setClaim(db: Kysely<Database>, rows: Array<{ id: string }>, claim: string): Promise<void> {
  await db
    .updateTable('incidents')
    .set({ summarised_in: claim })
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
}

/** Channels of every tenant with held-back incidents no summary named in time (a system function). */
export async function unsummarisedChannels(
  db: Kysely<Database>,
  olderThan: Date,
): Promise<Array<{ tenantId: string; channelId: string }>> {
  const rows = await sql<{ tenant_id: string; channel_id: string }>`
    select tenant_id, channel_id from rbc_system_unsummarised_channels(${olderThan})`.execute(db);
  return rows.rows.map((r) => ({ tenantId: r.tenant_id, channelId: r.channel_id }));
}

export async function markSummarised(db: Kysely<Database>, ids: string[], ts: string): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('incidents').set({ summarised_in: ts }).where('id', 'in', ids).execute();
}

/** Someone opened a summarised incident: it gets its own message now. False when it already has one. */
export async function promoteToOwnMessage(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db
    .updateTable('incidents')
    .set({ announce: 'now' })
    .where('id', '=', id)
    .where('announce', '=', 'summarised')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
