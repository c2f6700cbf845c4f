import type { Kysely } from 'kysely';
import type { GovernanceMode } from '../approvals/policy.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Database } from '../db/types.js';

/**
 * The workspace governance mode: `strict` (every step needs a human) unless an admin
 * switched the workspace to `audit`. Read at every gate decision, so a switch to strict
 * applies to runs already under way.
 */
export function createGovernance(deps: { db: Kysely<Database>; audit: AuditLog; defaultMode: GovernanceMode }) {
  return {
    async mode(tenantId: string): Promise<GovernanceMode> {
      const row = await deps.db
        .selectFrom('workspaces')
        .select('governance_mode')
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      return row?.governance_mode ?? deps.defaultMode;
    },

    async setMode(tenantId: string, mode: GovernanceMode, actor: string): Promise<void> {
      await deps.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('workspaces')
          .values({ tenant_id: tenantId, governance_mode: mode })
          .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ governance_mode: mode, updated_at: new Date() }))
          .execute();
        await deps.audit.append(
          {
            tenantId,
            type: 'governance.mode_changed',
            actor,
            subject: { type: 'workspace', id: tenantId },
            data: { mode },
          },
          trx,
        );
      });
    },

    async registerWorkspace(tenantId: string, teamName: string | null, botUserId: string | null): Promise<void> {
      await deps.db
        .insertInto('workspaces')
        .values({ tenant_id: tenantId, team_name: teamName, bot_user_id: botUserId, governance_mode: deps.defaultMode })
        .onConflict((oc) =>
          oc.column('tenant_id').doUpdateSet({ team_name: teamName, bot_user_id: botUserId, updated_at: new Date() }),
        )
        .execute();
    },
  };
}

export type Governance = ReturnType<typeof createGovernance>;
