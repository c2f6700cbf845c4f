import { type Kysely, sql } from 'kysely';
import type { Database, RunbookVersionRow } from '../db/types.js';
import { upgradeCompiled } from './stored.js';
import type { CompiledRunbook } from './types.js';

export interface StoredVersion {
  id: string;
  runbookId: string;
  slug: string;
  version: number;
  title: string;
  sourceSha256: string;
  sourceKind: 'file' | 'slack' | 'http';
  compiled: CompiledRunbook;
  services: string[];
  alerts: string[];
  keywords: string[];
  trustLevel: 0 | 1 | 2;
  approvers: string[];
  createdBy: string;
  createdAt: Date;
  /** An admin locked the runbook: no new runs start from it. */
  locked: boolean;
}

function toStored(row: RunbookVersionRow & { slug: string; locked_at?: Date | null }): StoredVersion {
  return {
    id: row.id,
    runbookId: row.runbook_id,
    slug: row.slug,
    version: row.version,
    title: row.title,
    sourceSha256: row.source_sha256,
    sourceKind: row.source_kind,
    compiled: upgradeCompiled(row.compiled as CompiledRunbook),
    services: row.services,
    alerts: row.alerts,
    keywords: row.keywords,
    trustLevel: row.trust_level as 0 | 1 | 2,
    approvers: row.approvers,
    createdBy: row.created_by,
    createdAt: row.created_at,
    locked: Boolean(row.locked_at),
  };
}

/** Versions joined to their runbook's slug: every read of a version goes through here. */
function versionsWithSlug(db: Kysely<Database>) {
  return db
    .selectFrom('runbook_versions')
    .innerJoin('runbooks', 'runbooks.id', 'runbook_versions.runbook_id')
    .selectAll('runbook_versions')
    .select(['runbooks.slug', 'runbooks.locked_at']);
}

export async function findVersion(
  db: Kysely<Database>,
  tenantId: string,
  versionId: string,
): Promise<StoredVersion | null> {
  const row = await versionsWithSlug(db)
    .where('runbook_versions.id', '=', versionId)
    .where('runbook_versions.tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row ? toStored(row) : null;
}

export async function findLatestBySlug(
  db: Kysely<Database>,
  tenantId: string,
  slug: string,
): Promise<StoredVersion | null> {
  const row = await versionsWithSlug(db)
    .where('runbooks.tenant_id', '=', tenantId)
    .where('runbooks.slug', '=', slug)
    .orderBy('runbook_versions.version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toStored(row) : null;
}

/** The newest version of every runbook of a tenant. */
export async function listLatest(db: Kysely<Database>, tenantId: string): Promise<StoredVersion[]> {
  const rows = await versionsWithSlug(db)
    .where('runbooks.tenant_id', '=', tenantId)
    .where(({ eb, selectFrom }) =>
      eb(
        'runbook_versions.version',
        '=',
        selectFrom('runbook_versions as v2')
          .select((e) => e.fn.max('v2.version').as('max'))
          .whereRef('v2.runbook_id', '=', 'runbook_versions.runbook_id'),
      ),
    )
    .orderBy('runbooks.slug')
    .execute();
  return rows.map(toStored);
}

/**
 * Creates the runbook row on first use and locks it until the transaction ends, so versions
 * of one runbook are added one at a time. Call it inside a transaction.
 */
export async function lockRunbook(db: Kysely<Database>, tenantId: string, slug: string): Promise<string> {
  await db
    .insertInto('runbooks')
    .values({ tenant_id: tenantId, slug })
    .onConflict((oc) => oc.columns(['tenant_id', 'slug']).doNothing())
    .execute();
  const runbook = await db
    .selectFrom('runbooks')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('slug', '=', slug)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return runbook.id;
}

/** Appends a version (never overwrites); the runbook row is created on first use. */
export async function insertVersion(
  db: Kysely<Database>,
  input: {
    tenantId: string;
    slug: string;
    sourceKind: 'file' | 'slack' | 'http';
    sourceText: string;
    compiled: CompiledRunbook;
    createdBy: string;
  },
): Promise<StoredVersion> {
  const runbookId = await lockRunbook(db, input.tenantId, input.slug);
  const last = await db
    .selectFrom('runbook_versions')
    .select((e) => e.fn.max('version').as('max'))
    .where('runbook_id', '=', runbookId)
    .executeTakeFirst();
  const meta = input.compiled.metadata;
  const searchText = [
    meta.services.join(' '),
    meta.alerts.join(' '),
    meta.keywords.join(' '),
    input.compiled.summary ?? '',
    input.compiled.steps.map((s) => `${s.title} ${s.command ?? ''}`).join('\n'),
  ].join('\n');
  const row = await db
    .insertInto('runbook_versions')
    .values({
      tenant_id: input.tenantId,
      runbook_id: runbookId,
      version: (last?.max ?? 0) + 1,
      title: input.compiled.title,
      source_kind: input.sourceKind,
      source_format: input.compiled.source.format,
      source_text: input.sourceText,
      source_sha256: input.compiled.source.sha256,
      compiled: JSON.stringify(input.compiled),
      services: meta.services,
      alerts: meta.alerts,
      keywords: meta.keywords,
      trust_level: meta.trust_level,
      approvers: meta.approvers,
      search_text: searchText.slice(0, 200_000),
      created_by: input.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toStored({ ...row, slug: input.slug });
}

export interface TextHit {
  versionId: string;
  /** ts_rank_cd with normalisation 32 (rank / (rank + 1)): in [0, 1), comparable across alerts. */
  rank: number;
}

/** Postgres full-text search over the newest versions' titles and text (any word may match). */
export async function searchLatest(
  db: Kysely<Database>,
  tenantId: string,
  words: string[],
  limit = 5,
): Promise<TextHit[]> {
  const terms = [...new Set(words.map((w) => w.toLowerCase().replace(/[^a-z0-9]/g, '')).filter((w) => w.length > 1))];
  if (terms.length === 0) return [];
  const query = terms.join(' | ');
  const rows = await sql<{ id: string; rank: number }>`
    select v.id, ts_rank_cd(v.search, q, 32) as rank
    from runbook_versions v
    join runbooks r on r.id = v.runbook_id,
         to_tsquery('english', ${query}) q
    where r.tenant_id = ${tenantId}
      and v.version = (select max(version) from runbook_versions v2 where v2.runbook_id = v.runbook_id)
      and v.search @@ q
    order by rank desc
    limit ${limit}`.execute(db);
  return rows.rows.map((r) => ({ versionId: r.id, rank: Number(r.rank) }));
}

/** The lock on the runbook a version belongs to, if an admin set one. */
export async function lockOfVersion(
  db: Kysely<Database>,
  versionId: string,
): Promise<{ lockedBy: string; reason: string | null } | null> {
  const row = await db
    .selectFrom('runbook_versions')
    .innerJoin('runbooks', 'runbooks.id', 'runbook_versions.runbook_id')
    .select(['runbooks.locked_by', 'runbooks.lock_reason', 'runbooks.locked_at'])
    .where('runbook_versions.id', '=', versionId)
    .executeTakeFirst();
  if (!row?.locked_at || !row.locked_by) return null;
  return { lockedBy: row.locked_by, reason: row.lock_reason };
}

/** Sets or clears a runbook's lock; returns the newest version's title, or null when there is no such runbook. */
export async function setRunbookLock(
  db: Kysely<Database>,
  tenantId: string,
  slug: string,
  lock: { by: string; reason: string | null } | null,
): Promise<string | null> {
  const updated = await db
    .updateTable('runbooks')
    .set({ locked_at: lock ? new Date() : null, locked_by: lock?.by ?? null, lock_reason: lock?.reason ?? null })
    .where('tenant_id', '=', tenantId)
    .where('slug', '=', slug)
    .returning('id')
    .executeTakeFirst();
  if (!updated) return null;
  return (await findLatestBySlug(db, tenantId, slug))?.title ?? slug;
}
