import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';

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
