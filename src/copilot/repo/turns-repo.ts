import { type Kysely, sql } from 'kysely';
import type { CopilotTurnStatus, Database } from '../../db/types.js';

/** Turns, once-per-thread notices, feedback cards and styles (all in the caller's tenant scope). */
type Q = Kysely<Database>;

export interface Turn {
  id: string;
  tenantId: string;
  eventId: string;
  channelId: string;
  threadTs: string;
  messageTs: string;
  userId: string;
  question: string;
  incidentId: string | null;
  team: string;
  status: CopilotTurnStatus;
  replyTs: string | null;
  answer: string | null;
  bundle: unknown;
  createdAt: Date;
}

type TurnRow = Awaited<ReturnType<typeof selectTurn>>;
const selectTurn = (db: Q) => db.selectFrom('copilot_turns').selectAll().executeTakeFirstOrThrow();

function toTurn(row: TurnRow): Turn {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    eventId: row.event_id,
    channelId: row.channel_id,
    threadTs: row.thread_ts,
    messageTs: row.message_ts,
    userId: row.user_id,
    question: row.question,
    incidentId: row.incident_id,
    team: row.team,
    status: row.status,
    replyTs: row.reply_ts,
    answer: row.answer,
    bundle: row.bundle,
    createdAt: row.created_at,
  };
}

export interface NewTurn {
  tenantId: string;
  eventId: string;
  channelId: string;
  threadTs: string;
  messageTs: string;
  userId: string;
  question: string;
  incidentId: string | null;
  team: string;
}

/**
 * Stores a turn once: a retried event (same event id) or the same message arriving as both
 * app_mention and message (same ts) finds the turn already there. Returns it and whether
 * this call created it.
 */
export async function insertTurn(db: Q, turn: NewTurn): Promise<{ turn: Turn; created: boolean }> {
  const inserted = await db
    .insertInto('copilot_turns')
    .values({
      tenant_id: turn.tenantId,
      event_id: turn.eventId,
      channel_id: turn.channelId,
      thread_ts: turn.threadTs,
      message_ts: turn.messageTs,
      user_id: turn.userId,
      question: turn.question,
      incident_id: turn.incidentId,
      team: turn.team,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { turn: toTurn(inserted), created: true };
  const existing = await db
    .selectFrom('copilot_turns')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('event_id', '=', turn.eventId),
        eb.and([eb('channel_id', '=', turn.channelId), eb('message_ts', '=', turn.messageTs)]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return { turn: toTurn(existing), created: false };
}

export async function findTurn(db: Q, id: string): Promise<Turn | null> {
  const row = await db.selectFrom('copilot_turns').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toTurn(row) : null;
}

/** The oldest turn of a thread still waiting (or left running by a worker that died). */
export async function nextTurnOfThread(db: Q, channelId: string, threadTs: string): Promise<Turn | null> {
  const row = await db
    .selectFrom('copilot_turns')
    .selectAll()
    .where('channel_id', '=', channelId)
    .where('thread_ts', '=', threadTs)
    .where('status', 'in', ['queued', 'running'])
    // Slack's order (ts strings of equal length sort as numbers), not the order they were stored in.
    .orderBy('message_ts')
    .limit(1)
    .executeTakeFirst();
  return row ? toTurn(row) : null;
}

export async function setTurn(
  db: Q,
  id: string,
  patch: { status?: CopilotTurnStatus; replyTs?: string; answer?: string; bundle?: unknown; finished?: boolean },
): Promise<void> {
  await db
    .updateTable('copilot_turns')
    .set({
      ...(patch.status ? { status: patch.status } : {}),
      ...(patch.replyTs ? { reply_ts: patch.replyTs } : {}),
      ...(patch.answer !== undefined ? { answer: patch.answer } : {}),
      ...(patch.bundle !== undefined ? { bundle: JSON.stringify(patch.bundle) } : {}),
      ...(patch.finished ? { finished_at: sql<Date>`now()` } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Earlier questions in the thread (for context, as untrusted data). */
export async function earlierQuestions(db: Q, turn: Turn, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('copilot_turns')
    .select('question')
    .where('channel_id', '=', turn.channelId)
    .where('thread_ts', '=', turn.threadTs)
    .where('message_ts', '<', turn.messageTs)
    .orderBy('message_ts', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.question).reverse();
}

/** True the first time a notice of this kind is claimed for a thread; false ever after. */
export async function claimNotice(db: Q, tenantId: string, channelId: string, threadTs: string, kind: string) {
  const row = await db
    .insertInto('copilot_notices')
    .values({ tenant_id: tenantId, channel_id: channelId, thread_ts: threadTs, kind })
    .onConflict((oc) => oc.doNothing())
    .returning('kind')
    .executeTakeFirst();
  return row !== undefined;
}
