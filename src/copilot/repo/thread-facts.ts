import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import { redactCommand, redactSecrets } from '../../lib/redact.js';
import type { AuditFact, IncidentFacts, RunbookHit, RunFacts } from '../facts.js';

/**
 * Read-only queries the copilot's tools answer from, always inside the caller's tenant
 * scope. Text from outside the product is redacted here, before anything else sees it.
 */
type Q = Kysely<Database>;

export interface ThreadRef {
  channelId: string;
  threadTs: string;
}

export async function incidentOfThread(
  db: Q,
  thread: ThreadRef,
): Promise<{ id: string; service: string | null } | null> {
  const direct = await db
    .selectFrom('incidents')
    .select(['id', 'service'])
    .where('channel_id', '=', thread.channelId)
    .where('message_ts', '=', thread.threadTs)
    .executeTakeFirst();
  if (direct) return direct;
  const viaRun = await db
    .selectFrom('executions')
    .innerJoin('incidents', 'incidents.id', 'executions.incident_id')
    .select(['incidents.id as id', 'incidents.service as service'])
    .where('executions.channel_id', '=', thread.channelId)
    .where('executions.thread_ts', '=', thread.threadTs)
    .executeTakeFirst();
  return viaRun ?? null;
}

/** Leaf fields of an alert payload worth reading (strings, numbers), flattened and redacted. */
export function alertFields(payload: unknown, max = 40): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (value: unknown, path: string, depth: number) => {
    if (Object.keys(out).length >= max || depth > 5) return;
    if (typeof value === 'string') out[path] = redactSecrets(value).slice(0, 300);
    else if (typeof value === 'number' || typeof value === 'boolean') out[path] = value;
    else if (Array.isArray(value)) {
      for (const [i, v] of value.slice(0, 5).entries()) walk(v, `${path}[${i}]`, depth + 1);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k, depth + 1);
    }
  };
  walk(payload, '', 0);
  return out;
}

export async function incidentFacts(db: Q, incidentId: string): Promise<IncidentFacts | null> {
  const row = await db
    .selectFrom('incidents')
    .leftJoin('alert_inbox', 'alert_inbox.id', 'incidents.alert_id')
    .select([
      'incidents.id',
      'incidents.title',
      'incidents.service',
      'incidents.source',
      'incidents.created_at',
      'incidents.match',
      'alert_inbox.payload',
    ])
    .where('incidents.id', '=', incidentId)
    .executeTakeFirst();
  if (!row) return null;
  const match = row.match as { best?: { title: string; score: number; reason: string } | null };
  return {
    incidentId: row.id,
    title: redactSecrets(row.title),
    service: row.service,
    source: row.source,
    openedAt: row.created_at.toISOString(),
    alertFields: alertFields(row.payload ?? {}),
    match: {
      runbook: match.best?.title ?? null,
      score: match.best?.score ?? null,
      reason: match.best?.reason ?? null,
    },
  };
}

export async function runOfThread(db: Q, thread: ThreadRef): Promise<RunFacts | null> {
  const run = await db
    .selectFrom('executions')
    .innerJoin('runbook_versions', 'runbook_versions.id', 'executions.runbook_version_id')
    .select(['executions.id', 'executions.state', 'executions.started_by', 'runbook_versions.title'])
    .where('executions.channel_id', '=', thread.channelId)
    .where('executions.thread_ts', '=', thread.threadTs)
    .orderBy('executions.created_at', 'desc')
    .executeTakeFirst();
  if (!run) return null;
  const steps = await db
    .selectFrom('execution_steps')
    .select(['step_index', 'title', 'state', 'level', 'command', 'command_template', 'output_tail', 'exit_code'])
    .where('execution_id', '=', run.id)
    .orderBy('step_index')
    .execute();
  return {
    executionId: run.id,
    state: run.state,
    runbookTitle: run.title,
    startedBy: run.started_by,
    steps: steps.map((s) => {
      const command = s.command ?? s.command_template;
      return {
        index: s.step_index + 1,
        title: s.title,
        state: s.state,
        level: s.level,
        command: command ? redactCommand(command) : null,
        outputTail: s.output_tail ? redactSecrets(s.output_tail).slice(-1500) : null,
        exitCode: s.exit_code,
      };
    }),
  };
}

export async function searchRunbookTitles(
  db: Q,
  tenantId: string,
  query: string,
  limit: number,
): Promise<RunbookHit[]> {
  const terms = [
    ...new Set(
      query
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter((w) => w.length > 1),
    ),
  ];
  if (terms.length === 0) return [];
  const rows = await sql<{ slug: string; title: string; compiled: { steps: unknown[] } }>`
    select r.slug, v.title, v.compiled
      from runbook_versions v join runbooks r on r.id = v.runbook_id, to_tsquery('english', ${terms.join(' | ')}) q
     where r.tenant_id = ${tenantId}
       and v.version = (select max(version) from runbook_versions v2 where v2.runbook_id = v.runbook_id)
       and v.search @@ q
     order by ts_rank_cd(v.search, q, 32) desc
     limit ${limit}`.execute(db);
  return rows.rows.map((r) => ({ slug: r.slug, title: r.title, steps: r.compiled.steps.length }));
}

/** This incident's audit events: the incident's own, and its runs'. */
export async function incidentAudit(db: Q, incidentId: string, limit: number): Promise<AuditFact[]> {
  const runs = await db.selectFrom('executions').select('id').where('incident_id', '=', incidentId).execute();
  const subjects = [incidentId, ...runs.map((r) => r.id)];
  const rows = await db
    .selectFrom('audit_events')
    .select(['seq', 'occurred_at', 'event_type', 'actor', 'data'])
    .where((eb) =>
      eb.or([
        eb('subject_id', 'in', subjects),
        eb(sql<string>`data->>'incidentId'`, '=', incidentId),
        eb(sql<string>`data->>'executionId'`, 'in', subjects),
      ]),
    )
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map((r) => ({
    seq: Number(r.seq),
    at: r.occurred_at.toISOString(),
    type: r.event_type,
    actor: r.actor,
    data: JSON.parse(redactSecrets(JSON.stringify(r.data))) as Record<string, unknown>,
  }));
}
