import type { Principal } from '../governance/authorizer.js';
import type { Governance } from '../governance/mode.js';
import { DomainError } from '../lib/errors.js';

/** The workspace and org a Slack payload says it comes from, and who acted. */
export interface PayloadIdentity {
  teamId: string | null;
  enterpriseId: string | null;
  userId: string;
}

export interface SlackBody {
  team?: { id?: string } | null;
  team_id?: string;
  enterprise?: { id?: string } | null;
  enterprise_id?: string;
  is_enterprise_install?: boolean;
  user?: { id?: string; team_id?: string } | string;
  user_id?: string;
}

/** Any Slack payload: only the identity fields are read. */
type AnyPayload = object;

/** Reads the identity from any payload shape Slack sends (actions, views, commands, events). */
export function identityOf(payload: AnyPayload): PayloadIdentity {
  const body = payload as SlackBody;
  const user = typeof body.user === 'object' && body.user !== null ? body.user : null;
  const userId = user?.id ?? (typeof body.user === 'string' ? body.user : body.user_id) ?? '';
  return {
    // In an org-wide install a payload's own team is the workspace it happened in.
    teamId: user?.team_id ?? body.team?.id ?? body.team_id ?? null,
    enterpriseId: body.enterprise?.id ?? body.enterprise_id ?? null,
    userId,
  };
}

/**
 * The tenant comes from each payload, never from a value fixed at start: one install can
 * serve every workspace of an Enterprise Grid org. A payload from a workspace this install
 * does not serve, or whose org differs from the one recorded for it, is refused.
 */
export function createTenantGuard(deps: {
  governance: Pick<Governance, 'workspace' | 'registerWorkspace'>;
  /** The org of this install (auth.test), when it is an org-wide install. */
  installEnterpriseId: () => string | null;
}) {
  return {
    async principalOf(body: AnyPayload): Promise<Principal> {
      const id = identityOf(body);
      if (!id.teamId || !id.userId) throw foreign('the payload names no workspace or user');
      const known = await deps.governance.workspace(id.teamId);
      if (known) {
        if (known.enterpriseId && known.enterpriseId !== id.enterpriseId) throw foreign('it comes from another org');
        return { tenantId: id.teamId, userId: id.userId };
      }
      const org = deps.installEnterpriseId();
      if (!org || org !== id.enterpriseId) throw foreign('this install does not serve that workspace');
      await deps.governance.registerWorkspace({
        tenantId: id.teamId,
        enterpriseId: org,
        teamName: null,
        botUserId: null,
        incidentChannel: null,
      });
      return { tenantId: id.teamId, userId: id.userId };
    },
  };
}

export type TenantGuard = ReturnType<typeof createTenantGuard>;

function foreign(why: string): DomainError {
  return new DomainError('not_authorized', `This action was refused: ${why}.`, { foreign: true });
}
