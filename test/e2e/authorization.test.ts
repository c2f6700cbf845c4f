import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxUser } from '../../src/sandbox/index.js';
import { ACTIONS, BLOCKS, VIEWS } from '../../src/slack/ids.js';
import { type E2E, INCIDENTS, REPO_ROOT, startE2E } from '../support/e2e.js';
import { ephemeral, press, staleCopy } from '../support/e2e-actions.js';
import { buttons, buttonValue, shown, waitForModal, waitForStep } from '../support/slack-read.js';

/** One person per role (role-style names), a second approver, one person of another workspace of the org, one guest from another org. */
const P = {
  nobody: 'U0NOROLE01',
  viewer: 'U0VIEWER02',
  responder: 'U0RESPOND3',
  author: 'U0AUTHOR04',
  approver: 'U0APPROVE5',
  admin: 'U0ADMIN006',
  otherWorkspace: 'U0BRAVO007',
  guest: 'U0GUEST008',
} as const;

const person = (id: string, name: string, extra: Partial<SandboxUser> = {}): SandboxUser => ({
  id,
  name: name.toLowerCase().replace(/\s+/g, '.'),
  displayName: name,
  realName: name,
  ...extra,
});

/**
 * The authorization table, tried from outside through real Slack payloads: every role
 * below the one an action needs is refused (privately, naming who could do it, audited),
 * the least role that may do it succeeds; stale, forged and foreign payloads do nothing.
 */
describe('authorization: each role tries each action', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({
      seedRoles: false,
      runbooksDir: path.join(REPO_ROOT, 'test/fixtures/authz-runbooks'),
      env: { SLACK_ADMIN_USER_IDS: P.admin, EXECUTION_DRY_RUN: 'true' },
      sandbox: {
        enterprise: { id: 'E0SANDBOX1', name: 'Sandbox org' },
        otherTeams: [{ id: 'T0SECOND01', name: 'Second workspace' }],
        users: [
          person(P.nobody, 'No Role'),
          person(P.viewer, 'Viewer'),
          person(P.responder, 'Responder'),
          person(P.author, 'Author'),
          person(P.approver, 'Approver'),
          person(P.admin, 'Admin'),
          person(P.otherWorkspace, 'Other Workspace Responder', { teamId: 'T0SECOND01' }),
          person(P.guest, 'Guest From Another Org', { enterpriseId: null, teamId: 'T0FOREIGN1' }),
        ],
      },
    });
  });
  afterAll(async () => e?.close());

  async function command(userId: string, text: string) {
    const before = e.sandbox.ephemerals(userId).length;
    await e.sandbox.slashCommand({ userId, channelId: INCIDENTS, command: '/runbook', text });
    return e.sandbox.waitFor(() => e.sandbox.ephemerals(userId).slice(before).at(-1), { timeoutMs: 10_000 });
  }

  /** Presses as `who`, and expects a private refusal containing `text`. */
  async function refused(who: string, message: { ts: string }, actionId: string, text: string) {
    const before = e.sandbox.ephemerals(who).length;
    await press(e, who, message, actionId);
    return e.sandbox.waitFor(
      () =>
        e.sandbox
          .ephemerals(who)
          .slice(before)
          .find((m) => m.text.includes(text)),
      { timeoutMs: 10_000, description: `${who} refused with "${text}"` },
    );
  }

  it('a member with no role cannot read the library: list and preview need the viewer role', async () => {
    for (const text of ['list', 'preview authz-drill']) {
      expect((await command(P.nobody, text)).text).toContain('You need the *viewer* role');
    }
  });

  it('only an admin grants roles, by slash command; roles to user groups resolve their members', async () => {
    expect((await command(P.approver, `roles grant <@${P.viewer}> admin`)).text).toContain(
      'You need the *admin* role to grant or revoke roles',
    );
    for (const [who, role] of [
      [P.viewer, 'viewer'],
      [P.responder, 'responder'],
      [P.author, 'author'],
      [P.approver, 'approver'],
    ] as const) {
      expect((await command(P.admin, `roles grant <@${who}|x> ${role}`)).text).toContain(
        `now holds the *${role}* role`,
      );
    }
    // The sandbox's @sre-oncall-leads group: a grant to a group counts for its members.
    expect((await command(P.admin, 'roles grant @sre-oncall-leads viewer')).text).toContain('<!subteam^S0SREONCALL>');
    expect((await command(P.admin, 'roles revoke @sre-oncall-leads viewer')).text).toContain('no longer holds');
    expect(await e.audit(['roles.granted'])).toHaveLength(5);
    expect(await e.audit(['roles.revoked'])).toHaveLength(1);
  });

  it('walks a run where every action is refused below its role and allowed at it', async () => {
    await e.fireAlert({ title: 'AuthzDrill: every role tries every action', service: 'authz-drill' });
    const matched = await e.sandbox.waitFor(
      () =>
        e.sandbox
          .messages(INCIDENTS)
          .find((m) => m.text.includes('every role tries') && m.text.includes('Runbook matched')),
      { timeoutMs: 15_000 },
    );
    const start = await refused(P.nobody, matched, ACTIONS.startRun, 'You need the *responder* role to start a run');
    expect(start.text).toContain(`<@${P.responder}>`);
    await refused(P.viewer, matched, ACTIONS.startRun, 'You need the *responder* role');
    await press(e, P.responder, matched, ACTIONS.startRun);
    const thread = matched.ts;

    // 1. An instruction: a responder marks it done; a viewer may not.
    const s1 = await waitForStep(e.sandbox, INCIDENTS, thread, 1, (m) => buttons(m).includes(ACTIONS.markDone));
    await refused(P.viewer, s1, ACTIONS.markDone, 'You need the *responder* role to mark this step done');
    await press(e, P.responder, s1, ACTIONS.markDone);

    // 2. 🟢 in strict mode: a human click from any responder.
    const s2 = await waitForStep(e.sandbox, INCIDENTS, thread, 2, (m) => buttons(m).includes(ACTIONS.approveStep));
    await refused(P.viewer, s2, ACTIONS.approveStep, 'You need the *responder* role to approve a 🟢 step');
    await press(e, P.responder, s2, ACTIONS.approveStep);
    await waitForStep(e.sandbox, INCIDENTS, thread, 2, (m) => shown(m).includes('Not executed (dry run)'));

    // 3. 🟡: the approver role; responders and authors are refused with who could approve.
    const s3 = await waitForStep(e.sandbox, INCIDENTS, thread, 3, (m) => buttons(m).includes(ACTIONS.approveStep));
    const notApprover = await refused(P.responder, s3, ACTIONS.approveStep, 'You need the *approver* role');
    expect(notApprover.text).toContain(`<@${P.approver}>`);
    await refused(P.author, s3, ACTIONS.approveStep, 'You need the *approver* role');
    await press(e, P.approver, s3, ACTIONS.approveStep);
    await waitForStep(e.sandbox, INCIDENTS, thread, 3, (m) => shown(m).includes('Not executed (dry run)'));

    // 4. 🟡: a responder may edit (it is approved afresh) but not skip it; a stale approve does nothing.
    const s4 = await waitForStep(e.sandbox, INCIDENTS, thread, 4, (m) => buttons(m).includes(ACTIONS.approveStep));
    const oldApprove = buttonValue(s4, ACTIONS.approveStep);
    await refused(P.viewer, s4, ACTIONS.editStep, 'You need the *responder* role to edit a command');
    await press(e, P.responder, s4, ACTIONS.editStep);
    const editor = await waitForModal(e.sandbox, P.responder, VIEWS.editCommand);
    await e.sandbox.submitView({
      userId: P.responder,
      viewId: editor.id,
      values: { [BLOCKS.editInput]: { [BLOCKS.editInputAction]: `touch ${e.file('authz-drill/edited')}` } },
    });
    const s4edited = await waitForStep(
      e.sandbox,
      INCIDENTS,
      thread,
      4,
      (m) => shown(m).includes(e.file('authz-drill/edited')) && buttons(m).includes(ACTIONS.skipStep),
    );
    const stale = await staleCopy(e, thread, ACTIONS.approveStep, oldApprove);
    await refused(P.approver, stale, ACTIONS.approveStep, 'The command changed after this message was shown');
    await refused(P.responder, s4edited, ACTIONS.skipStep, 'You need the *approver* role to skip this step');
    await press(e, P.approver, s4edited, ACTIONS.skipStep);

    // 5. 🔴: forged, foreign and cross-workspace payloads do nothing; a responder may not confirm.
    const s5 = await waitForStep(e.sandbox, INCIDENTS, thread, 5, (m) => buttons(m).includes(ACTIONS.confirmDangerous));
    const forged = await staleCopy(e, thread, ACTIONS.confirmDangerous, JSON.stringify({ s: 'x', b: 'y' }));
    await refused(P.approver, forged, ACTIONS.confirmDangerous, 'This button was not made by Runbook Copilot');
    await refused(P.otherWorkspace, s5, ACTIONS.confirmDangerous, 'does not exist in this workspace');
    await refused(P.guest, s5, ACTIONS.confirmDangerous, 'this install does not serve that workspace');
    await refused(P.responder, s5, ACTIONS.confirmDangerous, 'You need the *approver* role to confirm a 🔴 step');
    expect(e.sandbox.openViews(P.responder)).toHaveLength(0);
    await press(e, P.approver, s5, ACTIONS.confirmDangerous);
    const confirm = await waitForModal(e.sandbox, P.approver, VIEWS.typedConfirm);
    await e.sandbox.submitView({
      userId: P.approver,
      viewId: confirm.id,
      values: { [BLOCKS.confirmInput]: { [BLOCKS.confirmInputAction]: 'namespace/rbc-authz-scratch' } },
    });
    await waitForStep(e.sandbox, INCIDENTS, thread, 5, (m) => shown(m).includes('Not executed (dry run)'));

    // 6. Abort: a responder may stop the run; a viewer may not.
    const s6 = await waitForStep(e.sandbox, INCIDENTS, thread, 6, (m) => buttons(m).includes(ACTIONS.abortRun));
    await refused(P.viewer, s6, ACTIONS.abortRun, 'You need the *responder* role to abort a run');
    await press(e, P.responder, s6, ACTIONS.abortRun);
    await e.sandbox.waitFor(() => e.sandbox.thread(INCIDENTS, thread).find((m) => m.text.includes('Run aborted')), {
      timeoutMs: 15_000,
    });

    const refusals = await e.audit(['authz.refused']);
    for (const who of [P.nobody, P.viewer, P.responder, P.author]) {
      expect(
        refusals.some((ev) => ev.actor === who),
        who,
      ).toBe(true);
    }
    const coded = (await e.audit(['execution.action_refused'])).map((ev) => [ev.actor, ev.data.code]);
    expect(coded).toEqual(expect.arrayContaining([[P.approver, 'approval_mismatch']]));
    // The attempt from the other workspace is audited in that workspace's own chain, not in this one.
    const theirs = await e.runtime.audit.list({ tenantId: 'T0SECOND01', types: ['execution.action_refused'] });
    expect(theirs.map((ev) => [ev.actor, ev.data.code])).toEqual([[P.otherWorkspace, 'execution_not_found']]);
    // Nothing the refused people tried left a trace in the run: one approval per approved step.
    const approvals = await e.db.owner.selectFrom('approvals').select('approver').execute();
    expect(approvals.map((a) => a.approver).sort()).toEqual([P.approver, P.approver, P.responder].sort());
  });

  it('keeps workspaces of the org apart: another workspace has its own mode and roles', async () => {
    expect((await command(P.otherWorkspace, 'roles')).text).toContain('*responder*: nobody');
    expect((await command(P.otherWorkspace, 'mode')).text).toContain('Governance mode: *strict*');
    const workspaces = await e.db.owner
      .selectFrom('workspaces')
      .select(['tenant_id', 'enterprise_id'])
      .orderBy('tenant_id')
      .execute();
    expect(workspaces).toEqual([
      { tenant_id: 'T0SANDBOX', enterprise_id: 'E0SANDBOX1' },
      { tenant_id: 'T0SECOND01', enterprise_id: 'E0SANDBOX1' },
    ]);
    expect((await command(P.guest, 'mode')).text).toContain('this install does not serve that workspace');
  });

  it('locks a runbook only for an admin, after a confirmation; a locked runbook starts no run', async () => {
    expect((await command(P.author, 'lock authz-drill')).text).toContain(
      'You need the *admin* role to lock or unlock a runbook',
    );
    const prompt = await command(P.admin, 'lock authz-drill drill is being rewritten');
    expect(prompt.text).toContain('Lock the runbook `authz-drill`?');
    await e.sandbox.clickButton({
      userId: P.admin,
      channelId: INCIDENTS,
      messageTs: prompt.ts,
      actionId: ACTIONS.confirmGovernance,
    });
    await ephemeral(e, P.admin, 'is locked: no new runs start from it');
    expect((await command(P.viewer, 'list')).text).toContain('🔒 *Authorization drill*');

    await e.fireAlert({ title: 'AuthzDrill: after the lock', service: 'authz-drill' });
    const matched = await e.sandbox.waitFor(
      () =>
        e.sandbox
          .messages(INCIDENTS)
          .find((m) => m.text.includes('after the lock') && m.text.includes('Runbook matched')),
      { timeoutMs: 15_000 },
    );
    await refused(P.responder, matched, ACTIONS.startRun, 'is locked');
    expect(await e.audit(['runbook.locked'])).toHaveLength(1);
    await e.sandbox.waitFor(() => e.sandbox.messages(INCIDENTS).find((m) => m.text.includes('locked the runbook')), {
      timeoutMs: 10_000,
    });
  });
});
