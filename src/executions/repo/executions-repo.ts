import type { Kysely } from 'kysely';
import type { Database, ExecutionRow } from '../../db/types.js';
import { DomainError } from '../../lib/errors.js';
import type { ExecutionState } from '../machine.js';
import { ChoicesCodec, type Execution, PrefillCodec, parseColumn, type Step, VariablesCodec } from '../model.js';

type Q = Kysely<Database>;

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
    variables: parseColumn(VariablesCodec, row.variables, `executions.variables of ${row.id}`),
    choices: parseColumn(ChoicesCodec, row.choices ?? {}, `executions.choices of ${row.id}`),
    prefill: parseColumn(PrefillCodec, row.prefill ?? {}, `executions.prefill of ${row.id}`),
    version: row.version,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

export type NewExecution = Omit<Execution, 'id' | 'version' | 'createdAt' | 'finishedAt' | 'state' | 'choices'>;
export type NewStep = Pick<Step, 'key' | 'title' | 'text' | 'commandTemplate' | 'rollbackCommand'>;

/** A run and its steps, all pending. */
export async function insertExecution(db: Q, execution: NewExecution, steps: NewStep[]): Promise<Execution> {
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
      prefill: JSON.stringify(execution.prefill),
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

/** Every run still under way in this tenant (the panic switch halts them all). */
export async function listRunningExecutions(db: Q): Promise<Execution[]> {
  const rows = await db.selectFrom('executions').selectAll().where('state', '=', 'running').execute();
  return rows.map(toExecution);
}

export interface ExecutionPatch {
  state?: ExecutionState;
  variables?: Record<string, string>;
  choices?: Execution['choices'];
  threadTs?: string;
  finishedAt?: Date;
}

/** Optimistic lock: applies only if nobody changed the run since it was read. */
export async function updateExecution(db: Q, execution: Execution, patch: ExecutionPatch): Promise<Execution> {
  const row = await db
    .updateTable('executions')
    .set({
      ...(patch.state ? { state: patch.state } : {}),
      ...(patch.variables ? { variables: JSON.stringify(patch.variables) } : {}),
      ...(patch.choices ? { choices: JSON.stringify(patch.choices) } : {}),
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

/** Marks the run as looked at (the reconciler re-advances runs nobody touched for a while). */
export async function touchExecution(db: Q, id: string): Promise<void> {
  await db.updateTable('executions').set({ updated_at: new Date() }).where('id', '=', id).execute();
}
