import type { Kysely } from 'kysely';
import type { ScanVerdict } from '../classifier/types.js';
import type {
  Database,
  ExecutionRow,
  ExecutionStepRow,
  ExecutionStepUpdate,
  StepRunRow,
  StepRunStatus,
} from '../db/types.js';
import { DomainError } from '../lib/errors.js';
import type { ExecutionState, StepState } from './machine.js';

type Q = Kysely<Database>;

export interface Execution {
  id: string;
  tenantId: string;
  incidentId: string | null;
  runbookVersionId: string;
  state: ExecutionState;
  channelId: string;
  threadTs: string | null;
  startedBy: string;
  governanceMode: 'strict' | 'audit';
  dryRun: boolean;
  variables: Record<string, string>;
  version: number;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface StepClassification {
  commandSha256: string;
  scanner: ScanVerdict;
  llm:
    | { status: 'pending'; requestedAt: string }
    | { status: 'done'; level: string; confidence: number; reasoning: string; suggestedRollback: string | null }
    | { status: 'failed'; error: string }
    | { status: 'disabled' };
  merged: { level: string; rule: string } | null;
  /** The rollback command's own verdict, computed when a rollback is offered. */
  rollback?: { commandSha256: string; level: string; target: string | null; deciding: string; ruleIds: string[] };
}

/** What the step requires before it may run, decided when it is reached. */
export interface StepRequirements {
  gate: 'auto' | 'click' | 'typed_confirm' | 'manual' | null;
  reason: string | null;
  approverRoleRequired?: boolean;
  /** Variables the command uses. */
  variables?: string[];
}

export interface Step {
  id: string;
  tenantId: string;
  executionId: string;
  index: number;
  key: string;
  title: string;
  text: string;
  commandTemplate: string | null;
  command: string | null;
  commandSha256: string | null;
  rollbackCommand: string | null;
  level: 'safe' | 'caution' | 'dangerous' | 'unknown' | null;
  target: string | null;
  classification: StepClassification | null;
  state: StepState;
  approvalKind: 'click' | 'typed_confirm' | 'manual' | null;
  approvalRequestedAt: Date | null;
  approvalExpiresAt: Date | null;
  policy: StepRequirements | null;
  messageTs: string | null;
  editedBy: string | null;
  decidedBy: string | null;
  exitCode: number | null;
  outputTail: string | null;
  outputTruncated: boolean;
  startedAt: Date | null;
  finishedAt: Date | null;
  version: number;
}

export function toExecution(row: ExecutionRow): Execution {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    incidentId: row.incident_id,
    runbookVersionId: row.runbook_version_id,
    state: row.state as ExecutionState,
    channelId: row.channel_id,
    threadTs: row.thread_ts,
    startedBy: row.started_by,
    governanceMode: row.governance_mode as 'strict' | 'audit',
    dryRun: row.dry_run,
    variables: row.variables as Record<string, string>,
    version: row.version,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

export function toStep(row: ExecutionStepRow): Step {
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
    classification: row.classification as StepClassification | null,
    state: row.state as StepState,
    approvalKind: row.approval_kind,
    approvalRequestedAt: row.approval_requested_at,
    approvalExpiresAt: row.approval_expires_at,
    policy: row.policy as Step['policy'],
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

export async function insertExecution(
  db: Q,
  execution: Omit<Execution, 'id' | 'version' | 'createdAt' | 'finishedAt' | 'state'>,
  steps: Array<Pick<Step, 'key' | 'title' | 'text' | 'commandTemplate' | 'rollbackCommand'>>,
): Promise<Execution> {
  const row = await db
    .insertInto('executions')
    .values({
      tenant_id: execution.tenantId,
      incident_id: execution.incidentId,
      runbook_version_id: execution.runbookVersionId,
      state: 'running',
      channel_id: execution.channelId,
      thread_ts: execution.threadTs,
      started_by: execution.startedBy,
      governance_mode: execution.governanceMode,
      dry_run: execution.dryRun,
      variables: JSON.stringify(execution.variables),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (steps.length > 0) {
    await db
      .insertInto('execution_steps')
      .values(
        steps.map((s, i) => ({
          tenant_id: execution.tenantId,
          execution_id: row.id,
          step_index: i + 1,
          step_key: s.key,
          title: s.title,
          text: s.text,
          command_template: s.commandTemplate,
          rollback_command: s.rollbackCommand,
          state: 'pending',
        })),
      )
      .execute();
  }
  return toExecution(row);
}

export async function findExecution(db: Q, id: string): Promise<Execution | null> {
  const row = await db.selectFrom('executions').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toExecution(row) : null;
}

export async function findActiveExecutionForIncident(db: Q, incidentId: string): Promise<Execution | null> {
  const row = await db
    .selectFrom('executions')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return row ? toExecution(row) : null;
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

export async function updateExecution(
  db: Q,
  execution: Execution,
  patch: { state?: ExecutionState; variables?: Record<string, string>; threadTs?: string; finishedAt?: Date },
): Promise<Execution> {
  const row = await db
    .updateTable('executions')
    .set({
      ...(patch.state ? { state: patch.state } : {}),
      ...(patch.variables ? { variables: JSON.stringify(patch.variables) } : {}),
      ...(patch.threadTs ? { thread_ts: patch.threadTs } : {}),
      ...(patch.finishedAt ? { finished_at: patch.finishedAt } : {}),
      version: execution.version + 1,
      updated_at: new Date(),
    })
    .where('id', '=', execution.id)
    .where('version', '=', execution.version)
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    throw new DomainError('stale_state', 'The run changed a moment ago; look at the thread again.', {
      executionId: execution.id,
    });
  }
  return toExecution(row);
}

export async function insertRun(
  db: Q,
  run: {
    tenantId: string;
    stepId: string;
    kind: 'command' | 'rollback';
    command: string;
    commandSha256: string;
    dryRun: boolean;
    approvalId: string | null;
  },
): Promise<string> {
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

export async function findRun(db: Q, runId: string, forUpdate = false): Promise<StepRunRow | null> {
  let query = db.selectFrom('step_runs').selectAll().where('id', '=', runId);
  if (forUpdate) query = query.forUpdate();
  return (await query.executeTakeFirst()) ?? null;
}

export async function latestRun(db: Q, stepId: string): Promise<StepRunRow | null> {
  return (
    (await db
      .selectFrom('step_runs')
      .selectAll()
      .where('step_id', '=', stepId)
      .orderBy('queued_at', 'desc')
      .limit(1)
      .executeTakeFirst()) ?? null
  );
}

export async function setRunStatus(
  db: Q,
  runId: string,
  from: StepRunStatus,
  patch: {
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
  },
): Promise<boolean> {
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

export async function findStaleRuns(db: Q, heartbeatBefore: Date): Promise<StepRunRow[]> {
  return db
    .selectFrom('step_runs')
    .selectAll()
    .where('status', '=', 'running')
    .where('heartbeat_at', '<', heartbeatBefore)
    .execute();
}

export async function listRuns(db: Q, executionId: string): Promise<StepRunRow[]> {
  return db
    .selectFrom('step_runs')
    .innerJoin('execution_steps', 'execution_steps.id', 'step_runs.step_id')
    .selectAll('step_runs')
    .where('execution_steps.execution_id', '=', executionId)
    .orderBy('step_runs.queued_at')
    .execute();
}
