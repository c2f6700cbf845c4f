import type { Kysely } from 'kysely';
import type { ApprovalRow, Database } from '../db/types.js';

export async function insertApproval(
  db: Kysely<Database>,
  approval: {
    tenantId: string;
    stepId: string;
    approver: string;
    commandSha256: string;
    target: string | null;
    runbookVersionId: string;
    binding: string;
    typedConfirmation: string | null;
    expiresAt: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('approvals')
    .values({
      tenant_id: approval.tenantId,
      step_id: approval.stepId,
      approver: approval.approver,
      decision: 'approved',
      command_sha256: approval.commandSha256,
      target: approval.target,
      runbook_version_id: approval.runbookVersionId,
      binding_sha256: approval.binding,
      typed_confirmation: approval.typedConfirmation,
      expires_at: approval.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findApproval(db: Kysely<Database>, id: string): Promise<ApprovalRow | null> {
  return (await db.selectFrom('approvals').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** Marks an approval used, once; false if it was already used. */
export async function consumeApproval(db: Kysely<Database>, id: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('approvals')
    .set({ consumed_at: at })
    .where('id', '=', id)
    .where('consumed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listApprovalsForExecution(db: Kysely<Database>, executionId: string): Promise<ApprovalRow[]> {
  return db
    .selectFrom('approvals')
    .innerJoin('execution_steps', 'execution_steps.id', 'approvals.step_id')
    .selectAll('approvals')
    .where('execution_steps.execution_id', '=', executionId)
    .orderBy('approvals.created_at')
    .execute();
}
