import type { Kysely } from 'kysely';
import type { Database, ExecutionStepRow, ExecutionStepUpdate } from '../../db/types.js';
import { DomainError } from '../../lib/errors.js';
import type { StepState } from '../machine.js';
import { parseColumn, type Step, StepClassificationCodec, StepRequirementsCodec } from '../model.js';

type Q = Kysely<Database>;

export function toStep(row: ExecutionStepRow): Step {
  const where = `execution_steps ${row.id}`;
  return {
    id: row.id,
    tenantId: row.tenant_id,
    executionId: row.execution_id,
    index: row.step_index,
    key: row.step_key,
    title: row.title,
    text: row.text,
    commandTemplate: row.command_template,
    command: row.command,
    commandSha256: row.command_sha256,
    rollbackCommand: row.rollback_command,
    level: row.level,
    target: row.target,
    classification:
      row.classification === null
        ? null
        : parseColumn(StepClassificationCodec, row.classification, `${where}.classification`),
    state: row.state as StepState,
    approvalKind: row.approval_kind,
    approvalRequestedAt: row.approval_requested_at,
    approvalExpiresAt: row.approval_expires_at,
    policy: row.policy === null ? null : parseColumn(StepRequirementsCodec, row.policy, `${where}.policy`),
    messageTs: row.message_ts,
    editedBy: row.edited_by,
    decidedBy: row.decided_by,
    exitCode: row.exit_code,
    outputTail: row.output_tail,
    outputTruncated: row.output_truncated,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    version: row.version,
  };
}

export async function listSteps(db: Q, executionId: string): Promise<Step[]> {
  const rows = await db
    .selectFrom('execution_steps')
    .selectAll()
    .where('execution_id', '=', executionId)
    .orderBy('step_index')
    .execute();
  return rows.map(toStep);
}

export async function findStep(db: Q, stepId: string, forUpdate = false): Promise<Step | null> {
  let query = db.selectFrom('execution_steps').selectAll().where('id', '=', stepId);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toStep(row) : null;
}

/** Optimistic lock: the update applies only if nobody changed the step since it was read. */
export async function updateStep(db: Q, step: Step, patch: ExecutionStepUpdate): Promise<Step> {
  const row = await db
    .updateTable('execution_steps')
    .set({ ...patch, version: step.version + 1, updated_at: new Date() })
    .where('id', '=', step.id)
    .where('version', '=', step.version)
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    throw new DomainError('stale_state', 'Someone else acted on this step a moment ago; look at the thread again.', {
      stepId: step.id,
    });
  }
  return toStep(row);
}

/**
 * Claims the right to post a step's first message: one poster wins. A stale claim (its
 * poster died, perhaps after posting) is taken over after `staleMs`; `stale` tells the new
 * poster to look for the message in Slack before posting it again.
 */
export async function claimStepMessage(
  db: Q,
  stepId: string,
  nowMs: number,
  staleMs: number,
): Promise<{ claimed: boolean; stale: boolean }> {
  const row = await db
    .selectFrom('execution_steps')
    .select('message_ts')
    .where('id', '=', stepId)
    .forUpdate()
    .executeTakeFirst();
  const current = row?.message_ts ?? null;
  if (!row || (current && !current.startsWith(POSTING))) return { claimed: false, stale: false };
  const stale = current !== null && Number(current.slice(POSTING.length)) < nowMs - staleMs;
  if (current && !stale) return { claimed: false, stale: false };
  await db
    .updateTable('execution_steps')
    .set({ message_ts: `${POSTING}${nowMs}` })
    .where('id', '=', stepId)
    .execute();
  return { claimed: true, stale };
}

export const POSTING = 'posting:';

/** Records where the step's message lives (or clears a failed claim with null); not a state change. */
export async function setStepMessage(db: Q, stepId: string, ts: string | null): Promise<void> {
  await db.updateTable('execution_steps').set({ message_ts: ts }).where('id', '=', stepId).execute();
}

export function isPosted(step: Pick<Step, 'messageTs'>): boolean {
  return step.messageTs !== null && !step.messageTs.startsWith(POSTING);
}
