import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/types.js';

/**
 * Service level indicators read from the audit log, the one record every module writes
 * its decisions to. Each returns good and total events in a window for one tenant; the
 * caller scopes the transaction to that tenant (inTenant). An event still inside its
 * threshold is not counted yet: it can still turn out good.
 */
export interface Sli {
  good: number;
  total: number;
}

/** Alert received → "Runbook matched" posted (incident.opened is written after the post), or the incident it belongs to updated. */
export async function announceSli(
  trx: Kysely<Database>,
  tenantId: string,
  from: Date,
  to: Date,
  limitMs: number,
): Promise<Sli> {
  const r = await sql<{ good: string; total: string }>`
    with received as (
      select subject_id as alert_id, occurred_at from audit_events
       where tenant_id = ${tenantId} and event_type = 'alert.received' and occurred_at >= ${from} and occurred_at < ${to}
    ), opened as (
      -- Told in Slack: opened an incident, updated one (joined its group, acknowledged…), or
      -- refused as belonging to no incident.
      select alert_id, min(at) as at from (
        select data->>'alertId' as alert_id, occurred_at as at from audit_events
         where tenant_id = ${tenantId} and event_type in ('incident.opened', 'incident.updated') and occurred_at >= ${from}
        union all
        select subject_id, occurred_at from audit_events
         where tenant_id = ${tenantId} and event_type = 'alert.ignored' and occurred_at >= ${from}
      ) handled
       group by 1
    )
    select count(*) filter (where o.at is not null and o.at - r.occurred_at <= ${`${limitMs} milliseconds`}::interval) as good,
           count(*) filter (where o.at is not null or ${to} - r.occurred_at > ${`${limitMs} milliseconds`}::interval) as total
      from received r left join opened o on o.alert_id = r.alert_id`.execute(trx);
  return toSli(r.rows[0]);
}

/** A step approved → its command started (the executor claimed the run). */
export async function stepStartSli(
  trx: Kysely<Database>,
  tenantId: string,
  from: Date,
  to: Date,
  limitMs: number,
): Promise<Sli> {
  const r = await sql<{ good: string; total: string }>`
    with approved as (
      select subject_id as step_id, occurred_at from audit_events
       where tenant_id = ${tenantId} and event_type = 'execution.step_approved' and occurred_at >= ${from} and occurred_at < ${to}
    ), paired as (
      select a.occurred_at as approved_at,
             (select min(s.occurred_at) from audit_events s
               where s.tenant_id = ${tenantId} and s.event_type = 'execution.step_started'
                 and s.subject_id = a.step_id and s.occurred_at >= a.occurred_at) as started_at
        from approved a
    )
    select count(*) filter (where started_at is not null and started_at - approved_at <= ${`${limitMs} milliseconds`}::interval) as good,
           count(*) filter (where started_at is not null or ${to} - approved_at > ${`${limitMs} milliseconds`}::interval) as total
      from paired`.execute(trx);
  return toSli(r.rows[0]);
}

function toSli(row: { good: string; total: string } | undefined): Sli {
  return { good: Number(row?.good ?? 0), total: Number(row?.total ?? 0) };
}
