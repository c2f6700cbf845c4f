import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit-log.js';
import { inTenant } from '../db/tenant-scope.js';
import type { Database, RoleName } from '../db/types.js';
import type { DirectoryPort } from '../lib/directory.js';
import { DomainError } from '../lib/errors.js';
import { ACTION_WORDS, type Action, effectiveRoles, requiredRole } from './authz-table.js';
import { deleteGrant, insertGrant, listGrants, type RoleGrant } from './roles-repo.js';

/** Who is acting, in which workspace: the tenant always comes from the payload itself. */
export interface Principal {
  tenantId: string;
  userId: string;
}

/** The people a runbook's front matter names as its approvers, resolved. */
export interface RunbookApprovers {
  /** True when the runbook names approvers: then only they (and admins) may approve it. */
  named: boolean;
  users: ReadonlySet<string>;
  /** Entries that match nobody (an unknown handle, an unreadable group). */
  unresolved: string[];
  /** Who may approve, in mrkdwn, for messages. */
  mention: string;
}

export interface AuthorizerDeps {
  db: Kysely<Database>;
  audit: AuditLog;
  directory: DirectoryPort;
  /** SLACK_ADMIN_USER_IDS: admins of every workspace, from config (not revocable in Slack). */
  configAdmins: readonly string[];
}

/**
 * The one authorizer: roles granted to users and to user groups, the table of what each
 * role may do, and refusals that say who could do it instead. Fails closed: no grant,
 * no unreadable group, no empty list ever means "anyone".
 */
export function createAuthorizer(deps: AuthorizerDeps) {
  const grantsOf = (tenantId: string) => inTenant(deps.db, tenantId, listGrants);

  async function rolesOf(tenantId: string, userId: string): Promise<Set<RoleName>> {
    const granted: RoleName[] = deps.configAdmins.includes(userId) ? ['admin'] : [];
    for (const grant of await grantsOf(tenantId)) {
      if (grant.principalKind === 'user' && grant.principalId === userId) granted.push(grant.role);
      if (grant.principalKind === 'usergroup') {
        const members = await deps.directory.groupMembers(tenantId, grant.principalId);
        if (members?.includes(userId)) granted.push(grant.role);
      }
    }
    return effectiveRoles(granted);
  }

  /** Everyone holding a role, directly or through a group, in mrkdwn; "nobody" when none. */
  async function holders(tenantId: string, role: RoleName): Promise<string> {
    // Admins hold every role; config admins are admins everywhere.
    const refs = new Set<string>(deps.configAdmins.map((u) => `<@${u}>`));
    for (const grant of await grantsOf(tenantId)) {
      if (!effectiveRoles([grant.role]).has(role)) continue;
      refs.add(grant.principalKind === 'user' ? `<@${grant.principalId}>` : `<!subteam^${grant.principalId}>`);
    }
    return refs.size > 0 ? [...refs].slice(0, 12).join(', ') : 'nobody';
  }

  async function refusal(p: Principal, role: RoleName, what: string, resource: string | null): Promise<DomainError> {
    const who = await holders(p.tenantId, role);
    const admins = await holders(p.tenantId, 'admin');
    const fix =
      admins === 'nobody'
        ? 'Nobody is an admin yet: set SLACK_ADMIN_USER_IDS to name the first admins.'
        : `An admin (${admins}) can grant it: \`/runbook roles grant @someone ${role}\`.`;
    const message =
      who === 'nobody'
        ? `You need the *${role}* role to ${what}, and nobody holds it yet. ${fix}`
        : `You need the *${role}* role to ${what}. Who holds it: ${who}. ${fix}`;
    await deps.audit.append({
      tenantId: p.tenantId,
      type: 'authz.refused',
      actor: p.userId,
      subject: { type: 'principal', id: p.userId },
      data: { action: what, reason: `needs ${role}`, resource },
    });
    return new DomainError('not_authorized', message, { role, audited: true });
  }

  async function require(p: Principal, action: Action, resource: string | null = null): Promise<void> {
    const role = requiredRole(action);
    if ((await rolesOf(p.tenantId, p.userId)).has(role)) return;
    throw await refusal(p, role, ACTION_WORDS[action], resource);
  }

  async function runbookApprovers(
    tenantId: string,
    runbook: { approvers: readonly string[]; createdBy: string },
  ): Promise<RunbookApprovers> {
    const users = new Set<string>();
    const mentions: string[] = [];
    const unresolved: string[] = [];
    // Front matter never grants a role to its own author.
    const entries = runbook.approvers.filter((a) => a !== runbook.createdBy);
    for (const entry of entries) {
      if (/^[UW][A-Z0-9]{2,}$/.test(entry)) {
        users.add(entry);
        mentions.push(`<@${entry}>`);
        continue;
      }
      const groupId = /^S[A-Z0-9]{2,}$/.test(entry)
        ? entry
        : await deps.directory.groupIdForHandle(tenantId, entry.replace(/^@/, ''));
      const members = groupId ? await deps.directory.groupMembers(tenantId, groupId) : null;
      if (!groupId || !members) {
        unresolved.push(entry);
        continue;
      }
      for (const m of members) if (m !== runbook.createdBy) users.add(m);
      mentions.push(`<!subteam^${groupId}>`);
    }
    return {
      // A runbook that names only its own author still names its approvers: nobody but admins then.
      named: runbook.approvers.length > 0,
      users,
      unresolved,
      mention: mentions.length > 0 ? mentions.join(', ') : 'nobody',
    };
  }

  /**
   * May this person approve a 🟡/⬜/🔴 step of this runbook? Its named approvers, or, when
   * it names none, holders of the approver role; admins always. Throws a refusal naming who may.
   */
  async function requireRunbookApprover(
    p: Principal,
    action: 'step.approve' | 'step.confirm_dangerous' | 'step.skip' | 'step.mark_done',
    runbook: { title: string; approvers: readonly string[]; createdBy: string },
  ): Promise<void> {
    const roles = await rolesOf(p.tenantId, p.userId);
    if (roles.has('admin')) return;
    const named = await runbookApprovers(p.tenantId, runbook);
    if (named.named ? named.users.has(p.userId) : roles.has('approver')) return;
    const what = `${ACTION_WORDS[action]} (runbook “${runbook.title}”)`;
    if (!named.named) throw await refusal(p, 'approver', what, runbook.title);
    const admins = await holders(p.tenantId, 'admin');
    const unresolved = named.unresolved.length ? ` (${named.unresolved.join(', ')} match nobody)` : '';
    const message =
      named.users.size === 0
        ? `Nobody can ${what}: its approvers${unresolved} match no one in this workspace. An admin (${admins}) can approve, or fix the runbook’s \`approvers:\`.`
        : `Only this runbook’s approvers can ${what}: ${named.mention}${unresolved}. Admins (${admins}) can too.`;
    await deps.audit.append({
      tenantId: p.tenantId,
      type: 'authz.refused',
      actor: p.userId,
      subject: { type: 'principal', id: p.userId },
      data: { action: what, reason: 'not a runbook approver', resource: runbook.title },
    });
    throw new DomainError('not_authorized', message, { role: 'approver', audited: true });
  }

  /** Writes one grant change and its audit fact; true when something changed. */
  function applyGrant(
    tenantId: string,
    actor: string,
    change: 'grant' | 'revoke',
    grant: Pick<RoleGrant, 'principalKind' | 'principalId' | 'role'>,
  ): Promise<boolean> {
    return inTenant(deps.db, tenantId, async (trx) => {
      const changed =
        change === 'grant'
          ? await insertGrant(trx, tenantId, { ...grant, grantedBy: actor })
          : await deleteGrant(trx, grant);
      if (changed) {
        await deps.audit.append(
          {
            tenantId,
            type: change === 'grant' ? 'roles.granted' : 'roles.revoked',
            actor,
            subject: { type: 'principal', id: grant.principalId },
            data: { principalKind: grant.principalKind, principalId: grant.principalId, role: grant.role },
          },
          trx,
        );
      }
      return changed;
    });
  }

  async function changeGrant(
    actor: Principal,
    change: 'grant' | 'revoke',
    grant: Pick<RoleGrant, 'principalKind' | 'principalId' | 'role'>,
  ): Promise<boolean> {
    await require(actor, 'roles.manage', `${grant.principalId}:${grant.role}`);
    return applyGrant(actor.tenantId, actor.userId, change, grant);
  }

  return {
    rolesOf,
    holders,
    require,
    async can(p: Principal, action: Action): Promise<boolean> {
      return (await rolesOf(p.tenantId, p.userId)).has(requiredRole(action));
    },
    runbookApprovers,
    requireRunbookApprover,
    listGrants: grantsOf,
    configAdmins: () => [...deps.configAdmins],
    grant: (actor: Principal, grant: Pick<RoleGrant, 'principalKind' | 'principalId' | 'role'>) =>
      changeGrant(actor, 'grant', grant),
    revoke: (actor: Principal, grant: Pick<RoleGrant, 'principalKind' | 'principalId' | 'role'>) =>
      changeGrant(actor, 'revoke', grant),
    /** Grants without a person in Slack: the sandbox's demo roles, the operator's CLI. Audited as `actor`. */
    grantAsSystem: (
      tenantId: string,
      actor: string,
      grant: Pick<RoleGrant, 'principalKind' | 'principalId' | 'role'>,
    ) => applyGrant(tenantId, actor, 'grant', grant),
    revokeAsSystem: (
      tenantId: string,
      actor: string,
      grant: Pick<RoleGrant, 'principalKind' | 'principalId' | 'role'>,
    ) => applyGrant(tenantId, actor, 'revoke', grant),
  };
}

export type Authorizer = ReturnType<typeof createAuthorizer>;
