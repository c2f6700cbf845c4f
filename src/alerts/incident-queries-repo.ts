import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/types.js';

export interface IncidentSummaryRow {
  id: string;
  title: string;
  service: string | null;
  source: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency: string | null;
  triggeredAt: Date;
  acknowledgedAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
  channelId: string | null;
  messageTs: string | null;
  runState: string | null;
  runStartedBy: string | null;
}

function base(db: Kysely<Database>) {
  return db
    .selectFrom('incidents as i')
    .select([
      'i.id',
      'i.title',
      'i.service',
      'i.source',
      'i.status',
      'i.urgency',
      'i.triggered_at',
      'i.acknowledged_at',
      'i.mitigated_at',
      'i.resolved_at',
      'i.channel_id',
      'i.message_ts',
    ])
    .select((eb) => [
      eb
        .selectFrom('executions as e')
        .select('e.state')
        .whereRef('e.incident_id', '=', 'i.id')
        .orderBy('e.created_at', 'desc')
        .limit(1)
        .as('run_state'),
      eb
        .selectFrom('executions as e')
        .select('e.started_by')
        .whereRef('e.incident_id', '=', 'i.id')
        .orderBy('e.created_at', 'desc')
        .limit(1)
        .as('run_started_by'),
    ]);
}

type BaseRow = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];

function toRow(r: BaseRow): IncidentSummaryRow {
  return {
    id: r.id,
    title: r.title,
    service: r.service,
    source: r.source,
    status: r.status,
    urgency: r.urgency,
    triggeredAt: r.triggered_at,
    acknowledgedAt: r.acknowledged_at,
    mitigatedAt: r.mitigated_at,
    resolvedAt: r.resolved_at,
    channelId: r.channel_id,
    messageTs: r.message_ts,
    runState: r.run_state ?? null,
    runStartedBy: r.run_started_by ?? null,
  };
}

/** Incidents not resolved yet, oldest first (the longest-open on top). */
export async function listOpenIncidents(db: Kysely<Database>, limit: number): Promise<IncidentSummaryRow[]> {
  const rows = await base(db).where('i.status', '!=', 'resolved').orderBy('i.triggered_at').limit(limit).execute();
  return rows.map(toRow);
}

export async function listRecentlyResolved(db: Kysely<Database>, limit: number): Promise<IncidentSummaryRow[]> {
  const rows = await base(db)
    .where('i.status', '=', 'resolved')
    .orderBy('i.resolved_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRow);
}

/** An incident by the short reference the product shows (the first characters of its id) or its source's id. */
export async function findIncidentByRef(db: Kysely<Database>, ref: string): Promise<IncidentSummaryRow | null> {
  const clean = ref.replace(/^#/, '').trim();
  if (!clean) return null;
  const rows = await base(db)
    .where((eb) =>
      eb.or([
        eb(sql`i.id::text`, 'like', `${clean.toLowerCase().replace(/[%_]/g, '')}%`),
        eb('i.external_id', '=', clean),
      ]),
    )
    .orderBy('i.triggered_at', 'desc')
    .limit(2)
    .execute();
  return rows.length === 1 ? toRow(rows[0]!) : null;
}
