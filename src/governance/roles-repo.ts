import type { Kysely } from 'kysely';
import type { Database, RoleName } from '../db/types.js';

export interface RoleGrant {
  principalKind: 'user' | 'usergroup';
  principalId: string;
  role: RoleName;
  grantedBy: string;
  grantedAt: Date;
}

type Q = Kysely<Database>;

export async function listGrants(db: Q): Promise<RoleGrant[]> {
  const rows = await db.selectFrom('role_grants').selectAll().orderBy('role').orderBy('principal_id').execute();
  return rows.map((r) => ({
    principalKind: r.principal_kind,
    principalId: r.principal_id,
    role: r.role,
    grantedBy: r.granted_by,
    grantedAt: r.granted_at,
  }));
}

/** True when the grant is new. */
export async function insertGrant(db: Q, tenantId: string, grant: Omit<RoleGrant, 'grantedAt'>): Promise<boolean> {
  const row = await db
    .insertInto('role_grants')
    .values({
      tenant_id: tenantId,
      principal_kind: grant.principalKind,
      principal_id: grant.principalId,
      role: grant.role,
      granted_by: grant.grantedBy,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('role')
    .executeTakeFirst();
  return row !== undefined;
}

/** True when there was such a grant. */
export async function deleteGrant(
  db: Q,
  grant: Pick<RoleGrant, 'principalKind' | 'principalId' | 'role'>,
): Promise<boolean> {
  const result = await db
    .deleteFrom('role_grants')
    .where('principal_kind', '=', grant.principalKind)
    .where('principal_id', '=', grant.principalId)
    .where('role', '=', grant.role)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
