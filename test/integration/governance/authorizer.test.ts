import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../src/audit/audit-log.js';
import { type Authorizer, createAuthorizer } from '../../../src/governance/authorizer.js';
import { isDomainError } from '../../../src/lib/errors.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { type SlackSandbox, startSlackSandbox } from '../../../src/sandbox/index.js';
import { createSlackDirectory } from '../../../src/slack/directory.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';

const T = 'T0SANDBOX';
const LEADS = 'S0SREONCALL'; // @sre-oncall-leads: U0ONCALL01, U0RESPOND2 in the sandbox

/** The authorizer against real Postgres, with user groups read from the sandbox over the Web API. */
describe('authorizer: roles of users and user groups, runbook approvers', () => {
  let t: TestDatabase;
  let sandbox: SlackSandbox;
  let authz: Authorizer;
  let clock = 0;
  beforeAll(async () => {
    t = await createTestDatabase();
    sandbox = await startSlackSandbox();
    const client = new WebClient(sandbox.botToken, { slackApiUrl: sandbox.apiUrl, retryConfig: { retries: 0 } });
    const directory = createSlackDirectory({ client, logger: silentLogger(), now: () => clock });
    authz = createAuthorizer({ db: t.db, audit: createAuditLog(t.db), directory, configAdmins: ['U0SREMGR03'] });
  });
  afterAll(async () => {
    await sandbox?.close();
    await t?.drop();
  });

  const who = (userId: string) => ({ tenantId: T, userId });
  const refusal = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDomainError(err, 'not_authorized')).toBe(true);
    return (err as Error).message;
  };

  it('has no role for anyone but the config admins until one is granted', async () => {
    expect([...(await authz.rolesOf(T, 'U0ONCALL01'))]).toEqual([]);
    expect([...(await authz.rolesOf(T, 'U0SREMGR03'))].sort()).toEqual(
      ['admin', 'approver', 'author', 'responder', 'viewer'].sort(),
    );
    const message = await refusal(authz.require(who('U0ONCALL01'), 'run.start'));
    // Admins hold every role, so the refusal names them as the ones who can act (and grant).
    expect(message).toContain('You need the *responder* role to start a run. Who holds it: <@U0SREMGR03>');
    expect(message).toContain('An admin (<@U0SREMGR03>) can grant it');
  });

  it('gives a group’s role to its members only, read through usergroups.users.list', async () => {
    await authz.grant(who('U0SREMGR03'), { principalKind: 'usergroup', principalId: LEADS, role: 'approver' });
    expect((await authz.rolesOf(T, 'U0RESPOND2')).has('approver')).toBe(true);
    expect((await authz.rolesOf(T, 'U0RESPOND2')).has('responder')).toBe(true);
    expect((await authz.rolesOf(T, 'U0VIEWER04')).size).toBe(0);
    expect(await authz.holders(T, 'approver')).toContain(`<!subteam^${LEADS}>`);
  });

  it('resolves a runbook’s approvers by group handle or id; its author never approves through it', async () => {
    const byHandle = await authz.runbookApprovers(T, { approvers: ['@sre-oncall-leads'], createdBy: 'U0ONCALL01' });
    expect(byHandle.named).toBe(true);
    expect([...byHandle.users]).toEqual(['U0RESPOND2']);
    await authz.requireRunbookApprover(who('U0RESPOND2'), 'step.approve', {
      title: 'Disk',
      approvers: [LEADS],
      createdBy: 'system:file:disk.md',
    });
    const selfListed = await refusal(
      authz.requireRunbookApprover(who('U0ONCALL01'), 'step.approve', {
        title: 'Disk',
        approvers: ['U0ONCALL01'],
        createdBy: 'U0ONCALL01',
      }),
    );
    expect(selfListed).toContain('match no one');
  });

  it('says who can fix a runbook whose approvers match nobody, and lets an admin approve it', async () => {
    const message = await refusal(
      authz.requireRunbookApprover(who('U0RESPOND2'), 'step.approve', {
        title: 'Payments',
        approvers: ['@no-such-group'],
        createdBy: 'system:file:payments.md',
      }),
    );
    expect(message).toContain('@no-such-group match nobody');
    expect(message).toContain('<@U0SREMGR03>');
    await authz.requireRunbookApprover(who('U0SREMGR03'), 'step.approve', {
      title: 'Payments',
      approvers: ['@no-such-group'],
      createdBy: 'system:file:payments.md',
    });
  });

  it('lets only admins grant and revoke, audits each change', async () => {
    await refusal(authz.grant(who('U0RESPOND2'), { principalKind: 'user', principalId: 'U0RESPOND2', role: 'admin' }));
    expect(
      await authz.revoke(who('U0SREMGR03'), { principalKind: 'usergroup', principalId: LEADS, role: 'approver' }),
    ).toBe(true);
    clock += 120_000; // past the cache's life: the next check asks Slack again
    expect((await authz.rolesOf(T, 'U0RESPOND2')).size).toBe(0);
    const events = await createAuditLog(t.db).list({
      tenantId: T,
      types: ['roles.granted', 'roles.revoked', 'authz.refused'],
    });
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['roles.granted', 'roles.revoked', 'authz.refused']),
    );
  });
});
