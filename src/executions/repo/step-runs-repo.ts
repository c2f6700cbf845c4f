import type { Kysely } from 'kysely';
import type { Database, StepRunRow } from '../../db/types.js';
import type { StepRun, StepRunKind, StepRunStatus } from '../model.js';

type Q = Kysely<Database>;

export function toStepRun(row: StepRunRow): StepRun {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    stepId: row.step_id,
    kind: row.kind,
    command: row.command,
    commandSha256: row.command_sha256,
    dryRun: row.dry_run,
    status: row.status,
    workerId: row.worker_id,
    heartbeatAt: row.heartbeat_at,
    approvalId: row.approval_id,
    exitCode: row.exit_code,
    outputTail: row.output_tail,
    outputBytes: Number(row.output_bytes),
    outputTruncated: row.output_truncated,
    durationMs: row.duration_ms,
    queuedAt: row.queued_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export interface NewStepRun {
  tenantId: string;
  stepId: string;
  kind: StepRunKind;
  command: string;
  commandSha256: string;
  dryRun: boolean;
  approvalId: string | null;
}

export async function insertRun(db: Q, run: NewStepRun): Promise<string> {
  const row = await db
    .insertInto('step_runs')
    .values({
      tenant_id: run.tenantId,
      step_id: run.stepId,
      kind: run.kind,
      command: run.command,
      command_sha256: run.commandSha256,
      dry_run: run.dryRun,
      approval_id: run.approvalId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findRun(db: Q, runId: string, forUpdate = false): Promise<StepRun | null> {
  let query = db.selectFrom('step_runs').selectAll().where('id', '=', runId);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toStepRun(row) : null;
}

export async function latestRun(db: Q, stepId: string): Promise<StepRun | null> {
  const row = await db
    .selectFrom('step_runs')
    .selectAll()
    .where('step_id', '=', stepId)
    .orderBy('queued_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toStepRun(row) : null;
}

export interface RunStatusPatch {
  status: StepRunStatus;
  workerId?: string;
  exitCode?: number | null;
  outputTail?: string;
  outputBytes?: number;
  outputTruncated?: boolean;
  durationMs?: number;
  startedAt?: Date;
  finishedAt?: Date;
  heartbeatAt?: Date;
}

/** Moves a run from one status to another, once; false when it was not in `from` any more. */
export async function setRunStatus(db: Q, runId: string, from: StepRunStatus, patch: RunStatusPatch): Promise<boolean> {
  const result = await db
    .updateTable('step_runs')
    .set({
      status: patch.status,
      ...(patch.workerId !== undefined ? { worker_id: patch.workerId } : {}),
      ...(patch.exitCode !== undefined ? { exit_code: patch.exitCode } : {}),
      ...(patch.outputTail !== undefined ? { output_tail: patch.outputTail } : {}),
      ...(patch.outputBytes !== undefined ? { output_bytes: patch.outputBytes } : {}),
      ...(patch.outputTruncated !== undefined ? { output_truncated: patch.outputTruncated } : {}),
      ...(patch.durationMs !== undefined ? { duration_ms: patch.durationMs } : {}),
      ...(patch.startedAt ? { started_at: patch.startedAt } : {}),
      ...(patch.finishedAt ? { finished_at: patch.finishedAt } : {}),
      ...(patch.heartbeatAt ? { heartbeat_at: patch.heartbeatAt } : {}),
    })
    .where('id', '=', runId)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function heartbeat(db: Q, runId: string, at: Date): Promise<void> {
  await db
    .updateTable('step_runs')
    .set({ heartbeat_at: at })
    .where('id', '=', runId)
    .where('status', '=', 'running')
    .execute();
}

export async function listRuns(db: Q, executionId: string): Promise<StepRun[]> {
  const rows = await db
    .selectFrom('step_runs')
    .innerJoin('execution_steps', 'execution_steps.id', 'step_runs.step_id')
    .selectAll('step_runs')
    .where('execution_steps.execution_id', '=', executionId)
    .orderBy('step_runs.queued_at')
    .execute();
  return rows.map(toStepRun);
}

/** Runs a worker is executing right now in this tenant (panic halts them). */
export async function listRunningRuns(db: Q): Promise<StepRun[]> {
  const rows = await db.selectFrom('step_runs').selectAll().where('status', 'in', ['queued', 'running']).execute();
  return rows.map(toStepRun);
}
