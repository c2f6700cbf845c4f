import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/database.js';
import { inTenant, selfScopedTenantId } from '../../../src/db/tenant-scope.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';

/**
 * Tenant isolation is Postgres's job, not only the queries': as the application's role,
 * a query without a tenant sees nothing, a read of another tenant sees nothing, and a
 * write into another tenant is refused.
 */
describe('row-level security, as the application role', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    for (const tenant of ['TA', 'TB']) {
      await inTenant(t.db, tenant, (trx) =>
        trx
          .insertInto('runbooks')
          .values({ tenant_id: tenant, slug: `rb-${tenant}` })
          .execute(),
      );
      await inTenant(t.db, tenant, (trx) =>
        trx
          .insertInto('role_grants')
          .values({ tenant_id: tenant, principal_kind: 'user', principal_id: 'U1', role: 'admin', granted_by: 'test' })
          .execute(),
      );
    }
  });
  afterAll(async () => t.drop());

  const TABLES = [
    'alert_inbox',
    'runbooks',
    'runbook_versions',
    'incidents',
    'executions',
    'execution_steps',
    'approvals',
    'step_runs',
    'workspaces',
    'audit_events',
    'audit_chain_heads',
    'role_grants',
    'incident_alerts',
  ] as const;

  it('forces row-level security on every table that holds tenant data', async () => {
    const rows = await t.owner
      .selectFrom('pg_class' as never)
      .select(['relname', 'relrowsecurity', 'relforcerowsecurity'] as never)
      .where('relname' as never, 'in', TABLES as never)
      .execute();
    expect(rows).toHaveLength(TABLES.length);
    for (const row of rows as Array<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>) {
      expect([row.relname, row.relrowsecurity, row.relforcerowsecurity]).toEqual([row.relname, true, true]);
    }
  });

  it('sees no rows at all without a tenant setting', async () => {
    for (const table of TABLES) {
      const count = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.db);
      expect([table, Number(count.rows[0]!.n)]).toEqual([table, 0]);
    }
  });

  it('sees only its own tenant inside a tenant scope, even when it asks for another by id', async () => {
    const mine = await inTenant(t.db, 'TA', (trx) =>
      trx.selectFrom('runbooks').select(['tenant_id', 'slug']).execute(),
    );
    expect(mine).toEqual([{ tenant_id: 'TA', slug: 'rb-TA' }]);
    const theirs = await inTenant(t.db, 'TA', (trx) =>
      trx.selectFrom('runbooks').selectAll().where('tenant_id', '=', 'TB').execute(),
    );
    expect(theirs).toEqual([]);
    const grants = await inTenant(t.db, 'TB', (trx) => trx.selectFrom('role_grants').select('tenant_id').execute());
    expect(grants).toEqual([{ tenant_id: 'TB' }]);
  });

  it('refuses a write into another tenant, and an update or delete of its rows touches nothing', async () => {
    const insert = inTenant(t.db, 'TA', (trx) =>
      trx.insertInto('runbooks').values({ tenant_id: 'TB', slug: 'planted' }).execute(),
    );
    await expect(insert).rejects.toThrow(/row-level security/);
    const updated = await inTenant(t.db, 'TA', (trx) =>
      trx.updateTable('runbooks').set({ slug: 'renamed' }).where('tenant_id', '=', 'TB').executeTakeFirst(),
    );
    expect(Number(updated.numUpdatedRows)).toBe(0);
    const deleted = await inTenant(t.db, 'TA', (trx) =>
      trx.deleteFrom('role_grants').where('tenant_id', '=', 'TB').executeTakeFirst(),
    );
    expect(Number(deleted.numDeletedRows)).toBe(0);
    const tb = await t.owner.selectFrom('runbooks').select('slug').where('tenant_id', '=', 'TB').execute();
    expect(tb).toEqual([{ slug: 'rb-TB' }]);
  });

  it('does not carry a tenant from one transaction into the next on a pooled connection', async () => {
    const client = new pg.Client({ connectionString: t.appUrl });
    await client.connect();
    try {
      await client.query('begin');
      await client.query("select set_config('app.tenant_id', 'TA', true)");
      expect((await client.query('select slug from runbooks')).rows).toEqual([{ slug: 'rb-TA' }]);
      await client.query('commit');
      expect((await client.query('select slug from runbooks')).rows).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it('scopes a self-scoped statement to its own tenant only, and only for that statement', async () => {
    const row = (tenantId: unknown, deliveryId: string) => ({
      tenant_id: tenantId as string,
      source: 'generic' as const,
      delivery_id: deliveryId,
      event_type: 'trigger',
      headers: '{}',
      raw_body: '{}',
      payload: '{}',
    });
    const oneConnection = createDb({ url: t.appUrl, poolMax: 1 });
    try {
      // A row naming another tenant in the same statement is refused: nothing of it is stored.
      await expect(
        oneConnection
          .insertInto('alert_inbox')
          .values([row(selfScopedTenantId(oneConnection, 'TA'), 'ss-1'), row('TB', 'ss-2')])
          .execute(),
      ).rejects.toThrow(/row-level security/);
      await oneConnection
        .insertInto('alert_inbox')
        .values([row(selfScopedTenantId(oneConnection, 'TA'), 'ss-3')])
        .execute();
      // The same pooled connection carries no tenant afterwards.
      expect(await oneConnection.selectFrom('alert_inbox').select('delivery_id').execute()).toEqual([]);
      const stored = await t.owner.selectFrom('alert_inbox').select(['tenant_id', 'delivery_id']).execute();
      expect(stored.filter((r) => r.delivery_id.startsWith('ss-'))).toEqual([{ tenant_id: 'TA', delivery_id: 'ss-3' }]);
      await oneConnection.transaction().execute(async (trx) => {
        expect(() => selfScopedTenantId(trx, 'TA')).toThrow(/outside a transaction/);
      });
    } finally {
      await oneConnection.destroy();
    }
  });

  it('answers the few cross-tenant questions only through system functions that return ids', async () => {
    const tenants = await sql<{ t: string }>`select rbc_system_tenants() as t`.execute(t.db);
    expect(tenants.rows).toEqual([]); // no workspace or audit event yet: runbooks alone do not count
    await expect(
      sql`select * from pg_roles where rolname = 'runbook_system' and rolbypassrls`.execute(t.db),
    ).resolves.toMatchObject({
      rows: [],
    });
  });
});
