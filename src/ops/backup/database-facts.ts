import pg from 'pg';

/**
 * Whole-database facts read over the owner connection: exact row counts per table, the
 * audit chain heads and the schema version. Row-level security does not apply to the
 * owner, so these see every tenant, as pg_dump does.
 */
export interface DatabaseFacts {
  rowCounts: Record<string, number>;
  auditChainHeads: Array<{ tenantId: string; seq: number; headHash: string }>;
  schemaVersion: string | null;
  serverVersion: string;
  database: string;
}

type Queryable = Pick<pg.Client, 'query'>;

export async function readDatabaseFacts(client: Queryable): Promise<DatabaseFacts> {
  const tables = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by 1`,
  );
  const rowCounts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const r = await client.query<{ n: string }>(`select count(*) as n from public.${pg.escapeIdentifier(name)}`);
    rowCounts[name] = Number(r.rows[0]?.n ?? 0);
  }
  const heads = tables.rows.some((t) => t.name === 'audit_chain_heads')
    ? await client.query<{ tenant_id: string; seq: string; head_hash: string }>(
        'select tenant_id, seq, head_hash from audit_chain_heads order by tenant_id',
      )
    : { rows: [] };
  const schema = tables.rows.some((t) => t.name === 'kysely_migration')
    ? await client.query<{ name: string }>('select name from kysely_migration order by name desc limit 1')
    : { rows: [] };
  const meta = await client.query<{ version: string; db: string }>(
    `select current_setting('server_version') as version, current_database() as db`,
  );
  return {
    rowCounts,
    auditChainHeads: heads.rows.map((h) => ({ tenantId: h.tenant_id, seq: Number(h.seq), headHash: h.head_hash })),
    schemaVersion: schema.rows[0]?.name ?? null,
    serverVersion: meta.rows[0]?.version ?? 'unknown',
    database: meta.rows[0]?.db ?? 'unknown',
  };
}

/**
 * Holds a repeatable-read transaction open and exports its snapshot, so the facts read
 * here and the dump taken with `pg_dump --snapshot` describe exactly the same data.
 */
export async function withExportedSnapshot<T>(
  ownerUrl: string,
  fn: (snapshot: string, facts: DatabaseFacts) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'runbook-copilot-backup' });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const snap = await client.query<{ id: string }>('select pg_export_snapshot() as id');
    const facts = await readDatabaseFacts(client);
    const result = await fn(snap.rows[0]!.id, facts);
    await client.query('commit');
    return result;
  } finally {
    await client.end().catch(() => undefined);
  }
}
