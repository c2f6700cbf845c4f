import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import type { Step } from '../executions/model.js';
import { toStep } from '../executions/repo/steps-repo.js';

export interface IncidentRun {
  id: string;
  state: string;
  startedBy: string;
  runbookVersionId: string;
}

/** The incident's latest run, whatever its state (the matched message says who started it). */
export async function latestRunForIncident(db: Kysely<Database>, incidentId: string): Promise<IncidentRun | null> {
  const row = await db
    .selectFrom('executions')
    .select(['id', 'state', 'started_by', 'runbook_version_id'])
    .where('incident_id', '=', incidentId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row
    ? { id: row.id, state: row.state, startedBy: row.started_by, runbookVersionId: row.runbook_version_id }
    : null;
}

/** Steps in these states are over; the first step in another state is where the run stands. */
const OVER = [
  'succeeded',
  'dry_run',
  'marked_done',
  'skipped',
  'rolled_back',
  'aborted',
  'failed',
  'timed_out',
  'halted',
  'expired',
  'rollback_failed',
];

/** The step a live run stands at (its ⛔ Abort ends the run), if any. */
export async function currentStepOfRun(db: Kysely<Database>, executionId: string): Promise<Step | null> {
  const row = await db
    .selectFrom('execution_steps')
    .selectAll()
    .where('execution_id', '=', executionId)
    .where('state', 'not in', OVER)
    .orderBy('step_index')
    .limit(1)
    .executeTakeFirst();
  return row ? toStep(row) : null;
}
