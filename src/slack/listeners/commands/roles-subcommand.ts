import { rolesMessage } from '../../../../blocks/roles.js';
import type { Principal } from '../../../governance/authorizer.js';
import { ROLES, type RoleName } from '../../../governance/authz-table.js';
import { DomainError } from '../../../lib/errors.js';
import type { SlackServices } from '../context.js';
import { parsePrincipalRef } from './principal-ref.js';

const USAGE =
  'Usage: `/runbook roles`, `/runbook roles grant <@person|@group> <role>`, `/runbook roles revoke <@person|@group> <role>`';

/** `/runbook roles [grant|revoke <who> <role>]`: list, or (admins) change, who holds what. */
export async function rolesSubcommand(
  args: string,
  who: Principal,
  services: SlackServices,
): Promise<{ text: string }> {
  const [verb, target, role] = args.split(/\s+/).filter(Boolean);
  if (!verb || verb === 'list') {
    const grants = await services.authz.listGrants(who.tenantId);
    return rolesMessage(grants, services.authz.configAdmins());
  }
  if ((verb !== 'grant' && verb !== 'revoke') || !target || !role) return { text: USAGE };
  if (!ROLES.includes(role as RoleName)) {
    throw new DomainError('invalid_input', `\`${role}\` is not a role. Roles: ${ROLES.join(', ')}.`);
  }
  const ref = await parsePrincipalRef(target, who.tenantId, services.directory);
  const grant = { ...ref, role: role as RoleName };
  const mention = ref.principalKind === 'user' ? `<@${ref.principalId}>` : `<!subteam^${ref.principalId}>`;
  if (verb === 'grant') {
    const changed = await services.authz.grant(who, grant);
    return {
      text: changed ? `✅ ${mention} now holds the *${role}* role.` : `${mention} already holds the *${role}* role.`,
    };
  }
  const changed = await services.authz.revoke(who, grant);
  return {
    text: changed ? `✅ ${mention} no longer holds the *${role}* role.` : `${mention} did not hold the *${role}* role.`,
  };
}
