import { type Kysely, sql } from 'kysely';
import type { Database } from './types.js';

/**
 * The one way application code reaches tenant data. Row-level security on every tenant
 * table admits only rows whose tenant_id equals the transaction's `app.tenant_id`, so a
 * query run outside this helper sees nothing and a write into another tenant is refused.
 * The setting is transaction-local (`set_config(…, true)`): a pooled connection never
 * carries one tenant's scope into another's request.
 */
export const TENANT_SETTING = 'app.tenant_id';

export async function inTenant<T>(
  db: Kysely<Database>,
  tenantId: string,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (!tenantId) throw new Error('inTenant needs a tenant id');
  if (db.isTransaction) return withinTransaction(db, tenantId, fn);
  return db.transaction().execute(async (trx) => {
    await sql`select set_config(${TENANT_SETTING}, ${tenantId}, true)`.execute(trx);
    return fn(trx);
  });
}

/** Called inside a transaction already: scope it to this tenant for `fn`, then put back what it had. */
async function withinTransaction<T>(
  trx: Kysely<Database>,
  tenantId: string,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  const before = await sql<{ t: string | null }>`select current_setting(${TENANT_SETTING}, true) as t`.execute(trx);
  const previous = before.rows[0]?.t ?? '';
  await sql`select set_config(${TENANT_SETTING}, ${tenantId}, true)`.execute(trx);
  try {
    return await fn(trx);
  } finally {
    if (previous !== tenantId) await sql`select set_config(${TENANT_SETTING}, ${previous}, true)`.execute(trx);
  }
}

/**
 * The value of a row's `tenant_id` in a single INSERT that scopes itself, for a write that
 * must not pay for a transaction block (the webhook intake's group commit, decision 0102):
 * `set_config` returns the value it sets, so each row both carries the tenant and sets
 * `app.tenant_id` before row-level security checks it. The setting is local to the
 * statement's own implicit transaction; a row naming another tenant is still refused. One
 * round trip instead of four (BEGIN, set_config, INSERT, COMMIT). Outside a transaction only:
 * inside one it would change the transaction's tenant (use `inTenant` there).
 */
export function selfScopedTenantId(db: Kysely<Database>, tenantId: string) {
  if (!tenantId) throw new Error('selfScopedTenantId needs a tenant id');
  if (db.isTransaction) throw new Error('selfScopedTenantId is for single statements outside a transaction');
  return sql<string>`set_config(${TENANT_SETTING}, ${tenantId}, true)`;
}
