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

/** Incidents held back during a storm and not yet named in a summary, oldest first. */
export async function pendingSummary(db: Kysely<Database>, channelId: string, limit: number) {
  const rows = await db
    .selectFrom('incidents')
    .select(['id', 'title', 'service', 'urgency', 'source', 'created_at'])
    .where('channel_id', '=', channelId)
    .where('announce', '=', 'summarised')
    .where('summarised_in', 'is', null)
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map(
    (r): SummarisedIncident => ({
      id: r.id,
      title: r.title,
      service: r.service,
      urgency: r.urgency,
      source: r.source,
      createdAt: r.created_at,
    }),
  );
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
