import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/types.js';
import type { Step } from '../executions/model.js';
import { toStep } from '../executions/repo/steps-repo.js';

export interface PendingApproval {
  step: Step;
  runbookVersionId: string;
  runbookTitle: string;
  startedBy: string;
  channelId: string;
  threadTs: string | null;
}

/** Steps of live runs waiting for a person's approval, oldest request first. */
export async function pendingApprovals(db: Kysely<Database>, limit: number): Promise<PendingApproval[]> {
  const rows = await db
    .selectFrom('execution_steps as s')
    .innerJoin('executions as e', 'e.id', 's.execution_id')
    .innerJoin('runbook_versions as v', 'v.id', 'e.runbook_version_id')
    .selectAll('s')
    .select(['e.runbook_version_id', 'v.title as runbook_title', 'e.started_by', 'e.channel_id', 'e.thread_ts'])
    .where('e.state', '=', 'running')
    .where('s.state', '=', 'awaiting_approval')
    // An instruction waits for someone to do it and mark it done, not for an approval.
    .where((eb) => eb.or([eb('s.approval_kind', 'is', null), eb('s.approval_kind', '!=', 'manual')]))
    .orderBy('s.approval_requested_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    step: toStep(r),
    runbookVersionId: r.runbook_version_id,
    runbookTitle: r.runbook_title,
    startedBy: r.started_by,
    channelId: r.channel_id,
    threadTs: r.thread_ts,
  }));
}

export interface LiveRun {
  id: string;
  runbookTitle: string;
  startedBy: string;
  startedAt: Date;
  incidentTitle: string | null;
  stepsDone: number;
  steps: number;
}

export async function liveRuns(db: Kysely<Database>, limit: number): Promise<LiveRun[]> {
  const rows = await sql<{
    id: string;
    runbook_title: string;
    started_by: string;
    created_at: Date;
    incident_title: string | null;
    done: string;
    total: string;
  }>`
    select e.id, v.title as runbook_title, e.started_by, e.created_at, i.title as incident_title,
           count(*) filter (where s.state in ('succeeded', 'dry_run', 'marked_done', 'skipped', 'rolled_back')) as done,
           count(s.id) as total
      from executions e
      join runbook_versions v on v.id = e.runbook_version_id
      left join incidents i on i.id = e.incident_id
      left join execution_steps s on s.execution_id = e.id
     where e.state = 'running'
     group by e.id, v.title, i.title
     order by e.created_at desc
     limit ${limit}`.execute(db);
  return rows.rows.map((r) => ({
    id: r.id,
    runbookTitle: r.runbook_title,
    startedBy: r.started_by,
    startedAt: new Date(r.created_at),
    incidentTitle: r.incident_title,
    stepsDone: Number(r.done),
    steps: Number(r.total),
  }));
}

export interface CatalogueEntry {
  slug: string;
  title: string;
  version: number;
  editedAt: Date;
  lastRunAt: Date | null;
  finishedRuns: number;
  completedRuns: number;
}

/** Every runbook's newest version with its run record (last run, how many finished and completed). */
export async function catalogue(db: Kysely<Database>, limit: number): Promise<CatalogueEntry[]> {
  const rows = await sql<{
    slug: string;
    title: string;
    version: number;
    edited_at: Date;
    last_run_at: Date | null;
    finished: string;
    completed: string;
  }>`
    select r.slug, v.title, v.version, v.created_at as edited_at,
           max(e.created_at) as last_run_at,
           count(e.id) filter (where e.state <> 'running') as finished,
           count(e.id) filter (where e.state = 'completed') as completed
      from runbooks r
      join runbook_versions v on v.runbook_id = r.id
       and v.version = (select max(version) from runbook_versions v2 where v2.runbook_id = r.id)
      left join runbook_versions av on av.runbook_id = r.id
      left join executions e on e.runbook_version_id = av.id
     group by r.slug, v.title, v.version, v.created_at
     order by max(e.created_at) desc nulls last, r.slug
     limit ${limit}`.execute(db);
  return rows.rows.map((r) => ({
    slug: r.slug,
    title: r.title,
    version: r.version,
    editedAt: new Date(r.edited_at),
    lastRunAt: r.last_run_at ? new Date(r.last_run_at) : null,
    finishedRuns: Number(r.finished),
    completedRuns: Number(r.completed),
  }));
}
