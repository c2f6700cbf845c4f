import { rolesSummary } from '../../blocks/roles.js';
import { createAuditLog } from '../audit/audit-log.js';
import type { Config } from '../config.js';
import { createDb } from '../db/database.js';
import { EMPTY_DIRECTORY } from '../lib/directory.js';
import { createAuthorizer } from './authorizer.js';
import { ROLES, type RoleName } from './authz-table.js';

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE =
  'Usage: roles list --tenant <team id>\n' +
  '       roles grant|revoke --tenant <team id> <U…|S…> <viewer|responder|author|approver|admin>\n' +
  'The operator (who holds the database credentials) grants without Slack; each change is audited as system:cli.\n';

/**
 * `roles …`: the operator's edge to the authorization table, for bootstrapping a workspace
 * before anyone in Slack is an admin. A user id (U…/W…) or a user group id (S…).
 */
export async function runRolesCli(args: string[], config: Config, io: Io): Promise<number> {
  const [verb, ...rest] = args;
  const tenantAt = rest.indexOf('--tenant');
  const tenantId = tenantAt >= 0 ? rest[tenantAt + 1] : undefined;
  const positional = rest.filter((_, i) => i !== tenantAt && i !== tenantAt + 1);
  if (!tenantId || !verb || !['list', 'grant', 'revoke'].includes(verb)) {
    io.stderr.write(USAGE);
    return 2;
  }
  const db = createDb({ url: config.database.url, poolMax: 2 });
  const authz = createAuthorizer({
    db,
    audit: createAuditLog(db),
    directory: EMPTY_DIRECTORY,
    configAdmins: config.slack.adminUserIds,
  });
  try {
    if (verb === 'list') {
      io.stdout.write(`${rolesSummary(await authz.listGrants(tenantId), authz.configAdmins())}\n`);
      return 0;
    }
    const [principal, role] = positional;
    const kind = /^[UW][A-Z0-9]{2,}$/.test(principal ?? '')
      ? 'user'
      : /^S[A-Z0-9]{2,}$/.test(principal ?? '')
        ? 'usergroup'
        : null;
    if (!kind || !ROLES.includes(role as RoleName)) {
      io.stderr.write(USAGE);
      return 2;
    }
    const grant = { principalKind: kind, principalId: principal!, role: role as RoleName } as const;
    if (verb === 'grant') {
      const changed = await authz.grantAsSystem(tenantId, 'system:cli', grant);
      io.stdout.write(
        changed ? `Granted ${role} to ${principal} in ${tenantId}.\n` : `${principal} already holds ${role}.\n`,
      );
    } else {
      const changed = await authz.revokeAsSystem(tenantId, 'system:cli', grant);
      io.stdout.write(
        changed ? `Revoked ${role} from ${principal} in ${tenantId}.\n` : `${principal} did not hold ${role}.\n`,
      );
    }
    return 0;
  } finally {
    await db.destroy();
  }
}
