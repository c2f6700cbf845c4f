import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/types.js';

/** Mean times from triggered, in milliseconds (null where no incident reached that mark). */
export interface MttrRow {
  key: string;
  incidents: number;
  acknowledgeMs: number | null;
  mitigateMs: number | null;
  resolveMs: number | null;
}

export type MttrGrouping = 'all' | 'service' | 'runbook';

const avgMs = (column: 'acknowledged_at' | 'mitigated_at' | 'resolved_at') =>
  sql<number | null>`avg(extract(epoch from (i.${sql.ref(column)} - i.triggered_at)) * 1000)`;

/**
 * MTTA, time to mitigate (the run's last step) and MTTR of the incidents resolved since
 * `since`, overall, per service or per runbook (the runbook matched to the incident).
 */
export async function mttrSince(db: Kysely<Database>, since: Date, by: MttrGrouping): Promise<MttrRow[]> {
  const key =
    by === 'service'
      ? sql<string>`coalesce(i.service, '(no service)')`
      : by === 'runbook'
        ? sql<string>`coalesce(max(rv.title), '(no runbook)')`
        : sql<string>`'all'`;
  const groupBy = by === 'service' ? sql`group by 1` : by === 'runbook' ? sql`group by rv.runbook_id` : sql``;
  const rows = await sql<{
    key: string;
    incidents: string;
    ack: number | null;
    mit: number | null;
    res: number | null;
  }>`
    select ${key} as key, count(*) as incidents,
           ${avgMs('acknowledged_at')} as ack, ${avgMs('mitigated_at')} as mit, ${avgMs('resolved_at')} as res
      from incidents i
      left join runbook_versions rv on rv.id = i.runbook_version_id
     where i.status = 'resolved' and i.resolved_at >= ${since}
     ${groupBy}
     having count(*) > 0
     order by count(*) desc
     limit 20`.execute(db);
  return rows.rows.map((r) => ({
    key: r.key,
    incidents: Number(r.incidents),
    acknowledgeMs: r.ack === null ? null : Number(r.ack),
    mitigateMs: r.mit === null ? null : Number(r.mit),
    resolveMs: r.res === null ? null : Number(r.res),
  }));
}

/** The same figures for one service and one runbook (the end-of-incident summary's comparison). */
export async function mttrFor(
  db: Kysely<Database>,
  since: Date,
  filter: { service: string | null; runbookVersionId: string | null },
): Promise<{ service: MttrRow | null; runbook: MttrRow | null }> {
  const [services, runbooks] = await Promise.all([mttrSince(db, since, 'service'), mttrSince(db, since, 'runbook')]);
  let runbookTitle: string | null = null;
  if (filter.runbookVersionId) {
    const row = await db
      .selectFrom('runbook_versions')
      .select('title')
      .where('id', '=', filter.runbookVersionId)
      .executeTakeFirst();
    runbookTitle = row?.title ?? null;
  }
  return {
    service: services.find((s) => s.key === filter.service) ?? null,
    runbook: runbookTitle ? (runbooks.find((r) => r.key === runbookTitle) ?? null) : null,
  };
}
