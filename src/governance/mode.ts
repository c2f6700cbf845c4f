import type { Kysely } from 'kysely';
import type { GovernanceMode } from '../approvals/policy.js';
import type { AuditLog } from '../audit/audit-log.js';
import { inTenant } from '../db/tenant-scope.js';
import type { Database } from '../db/types.js';

export interface Workspace {
  tenantId: string;
  enterpriseId: string | null;
  teamName: string | null;
  botUserId: string | null;
  incidentChannel: string | null;
  mode: GovernanceMode;
}

/**
 * Workspaces and their governance mode: `strict` (every step needs a human) unless an
 * admin switched the workspace to `audit`. The mode is read at every gate decision, so a
 * switch to strict applies to runs already under way.
 */
export function createGovernance(deps: { db: Kysely<Database>; audit: AuditLog; defaultMode: GovernanceMode }) {
  async function workspace(tenantId: string): Promise<Workspace | null> {
    const row = await inTenant(deps.db, tenantId, (trx) =>
      trx.selectFrom('workspaces').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst(),
    );
    if (!row) return null;
    return {
      tenantId: row.tenant_id,
      enterpriseId: row.enterprise_id,
      teamName: row.team_name,
      botUserId: row.bot_user_id,
      incidentChannel: row.incident_channel,
      mode: row.governance_mode,
    };
  }

  return {
    workspace,

    async mode(tenantId: string): Promise<GovernanceMode> {
      return (await workspace(tenantId))?.mode ?? deps.defaultMode;
    },

    /** Switches the mode (the caller checked the role); returns the previous mode. */
    async setMode(tenantId: string, mode: GovernanceMode, actor: string): Promise<GovernanceMode> {
      return inTenant(deps.db, tenantId, async (trx) => {
        const before = await trx
          .selectFrom('workspaces')
          .select('governance_mode')
          .where('tenant_id', '=', tenantId)
          .forUpdate()
          .executeTakeFirst();
        const previous = before?.governance_mode ?? deps.defaultMode;
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
            data: { mode, previous },
          },
          trx,
        );
        return previous;
      });
    },

    /** Records a workspace this install serves (at start, and the first time a payload names it). */
    async registerWorkspace(input: {
      tenantId: string;
      enterpriseId: string | null;
      teamName: string | null;
      botUserId: string | null;
      incidentChannel: string | null;
    }): Promise<void> {
      await inTenant(deps.db, input.tenantId, (trx) =>
        trx
          .insertInto('workspaces')
          .values({
            tenant_id: input.tenantId,
            enterprise_id: input.enterpriseId,
            team_name: input.teamName,
            bot_user_id: input.botUserId,
            incident_channel: input.incidentChannel,
            governance_mode: deps.defaultMode,
          })
          .onConflict((oc) =>
            oc.column('tenant_id').doUpdateSet((eb) => ({
              enterprise_id: eb.fn.coalesce('excluded.enterprise_id', 'workspaces.enterprise_id'),
              team_name: eb.fn.coalesce('excluded.team_name', 'workspaces.team_name'),
              bot_user_id: eb.fn.coalesce('excluded.bot_user_id', 'workspaces.bot_user_id'),
              incident_channel: eb.fn.coalesce('excluded.incident_channel', 'workspaces.incident_channel'),
              updated_at: new Date(),
            })),
          )
          .execute(),
      );
    },
  };
}

export type Governance = ReturnType<typeof createGovernance>;
