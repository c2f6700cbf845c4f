import type { Authorizer } from '../governance/authorizer.js';

/**
 * The local sandbox's demo people hold the roles a first run needs, so the quick start
 * goes end to end: the two on-call people approve (a second person confirms 🔴 steps), the
 * on-call engineer also writes runbooks,
 * the SRE manager is an admin, the viewer only reads. Never used with real Slack.
 */
export const SANDBOX_DEMO_ROLES = [
  { principalId: 'U0ONCALL01', role: 'approver' },
  { principalId: 'U0ONCALL01', role: 'author' },
  { principalId: 'U0RESPOND2', role: 'approver' },
  { principalId: 'U0SREMGR03', role: 'admin' },
  { principalId: 'U0VIEWER04', role: 'viewer' },
] as const;

export async function seedSandboxRoles(authz: Pick<Authorizer, 'grantAsSystem'>, tenantId: string): Promise<void> {
  for (const { principalId, role } of SANDBOX_DEMO_ROLES) {
    await authz.grantAsSystem(tenantId, 'system:sandbox', { principalKind: 'user', principalId, role });
  }
}
