import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/types.js';

/** What happened in one workspace over a period, read from its audit chain. */
export interface Activity {
  incidents: number;
  runsStarted: number;
  runsCompleted: number;
  runsAborted: number;
  approvals: number;
  stepFailures: number;
  /** Mean time from the incident opening to its run completing; null without a completed run. */
  mttrMs: number | null;
}

export async function readActivity(trx: Kysely<Database>, tenantId: string, from: Date, to: Date): Promise<Activity> {
  const counts = await sql<Record<string, string>>`
    select count(*) filter (where event_type = 'incident.opened') as incidents,
           count(*) filter (where event_type = 'execution.started') as runs_started,
           count(*) filter (where event_type = 'execution.completed') as runs_completed,
           count(*) filter (where event_type = 'execution.aborted') as runs_aborted,
           count(*) filter (where event_type = 'execution.step_approved') as approvals,
           count(*) filter (where event_type in ('execution.step_failed', 'execution.step_timed_out',
                                                 'execution.step_needs_manual_intervention')) as step_failures
      from audit_events
     where tenant_id = ${tenantId} and occurred_at >= ${from} and occurred_at < ${to}`.execute(trx);
  const mttr = await sql<{ ms: string | null }>`
    select avg(extract(epoch from c.occurred_at - o.occurred_at) * 1000) as ms
      from audit_events c
      join audit_events s on s.tenant_id = c.tenant_id and s.event_type = 'execution.started' and s.subject_id = c.subject_id
      join audit_events o on o.tenant_id = c.tenant_id and o.event_type = 'incident.opened' and o.subject_id = s.data->>'incidentId'
     where c.tenant_id = ${tenantId} and c.event_type = 'execution.completed'
       and c.occurred_at >= ${from} and c.occurred_at < ${to}`.execute(trx);
  const c = counts.rows[0] ?? {};
  const n = (k: string) => Number(c[k] ?? 0);
  const ms = mttr.rows[0]?.ms;
  return {
    incidents: n('incidents'),
    runsStarted: n('runs_started'),
    runsCompleted: n('runs_completed'),
    runsAborted: n('runs_aborted'),
    approvals: n('approvals'),
    stepFailures: n('step_failures'),
    mttrMs: ms === null || ms === undefined ? null : Math.round(Number(ms)),
  };
}
