import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';

/** Steps the copilot proposed (in the caller's tenant scope). */
type Q = Kysely<Database>;

export interface Proposal {
  id: string;
  turnId: string;
  channelId: string;
  threadTs: string;
  command: string;
  why: string;
  level: string;
  afterUntrusted: boolean;
  messageTs: string | null;
  executionId: string | null;
}

export async function insertProposal(
  db: Q,
  p: Omit<Proposal, 'id' | 'messageTs' | 'executionId'> & { tenantId: string },
): Promise<string> {
  const row = await db
    .insertInto('copilot_proposals')
    .values({
      tenant_id: p.tenantId,
      turn_id: p.turnId,
      channel_id: p.channelId,
      thread_ts: p.threadTs,
      command: p.command,
      why: p.why,
      level: p.level,
      after_untrusted: p.afterUntrusted,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setProposalMessage(db: Q, id: string, messageTs: string): Promise<void> {
  await db.updateTable('copilot_proposals').set({ message_ts: messageTs }).where('id', '=', id).execute();
}

/** Locks the proposal row: two presses of Start race for one run. */
export async function findProposalForUpdate(db: Q, id: string): Promise<Proposal | null> {
  const row = await db.selectFrom('copilot_proposals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    turnId: row.turn_id,
    channelId: row.channel_id,
    threadTs: row.thread_ts,
    command: row.command,
    why: row.why,
    level: row.level,
    afterUntrusted: row.after_untrusted,
    messageTs: row.message_ts,
    executionId: row.execution_id,
  };
}

export async function setProposalStarted(db: Q, id: string, executionId: string, by: string): Promise<void> {
  await db
    .updateTable('copilot_proposals')
    .set({ execution_id: executionId, started_by: by })
    .where('id', '=', id)
    .execute();
}
