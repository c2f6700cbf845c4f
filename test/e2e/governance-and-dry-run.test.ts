import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTenant } from '../../src/db/tenant-scope.js';
import { ACTIONS } from '../../src/slack/ids.js';
import { type E2E, INCIDENTS, PEOPLE, startE2E } from '../support/e2e.js';
import { ephemeral, openIncident, press } from '../support/e2e-actions.js';
import { buttons, shown, waitForStep } from '../support/slack-read.js';

/**
 * Nobody holds a role but the SRE manager, an admin from SLACK_ADMIN_USER_IDS; commands
 * are shown, not run (the sandbox default).
 */
describe('governance mode, roles and dry run', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ seedRoles: false, env: { SLACK_ADMIN_USER_IDS: PEOPLE.manager, EXECUTION_DRY_RUN: 'true' } });
  });
  afterAll(async () => {
    await e?.close();
  });

  async function runbookCommand(userId: string, text: string) {
    const before = e.sandbox.ephemerals(userId).length;
    await e.sandbox.slashCommand({ userId, channelId: INCIDENTS, command: '/runbook', text });
    return e.sandbox.waitFor(() => e.sandbox.ephemerals(userId).slice(before).at(-1), { timeoutMs: 10_000 });
  }

  it('shows the mode to anyone; only an admin switches it, after a confirmation, announced and audited', async () => {
    expect((await runbookCommand(PEOPLE.viewer, 'mode')).text).toContain('Governance mode: *strict*');
    const refused = await runbookCommand(PEOPLE.oncall, 'mode audit');
    expect(refused.text).toContain('You need the *admin* role to switch the governance mode');
    expect(refused.text).toContain(`<@${PEOPLE.manager}>`);

    const prompt = await runbookCommand(PEOPLE.manager, 'mode audit');
    expect(prompt.text).toContain('Switch this workspace from strict to audit mode?');
    expect((await e.audit(['governance.mode_changed'])).length).toBe(0);
    await e.sandbox.clickButton({
      userId: PEOPLE.manager,
      channelId: INCIDENTS,
      messageTs: prompt.ts,
      actionId: ACTIONS.confirmGovernance,
    });
    await ephemeral(e, PEOPLE.manager, 'now *audit* (was strict)');
    await e.sandbox.waitFor(
      () =>
        e.sandbox
          .messages(INCIDENTS)
          .find((m) => m.text.includes('switched the governance mode from *strict* to *audit*')),
      { timeoutMs: 10_000, description: 'the mode switch announced in #incidents' },
    );
    expect((await runbookCommand(PEOPLE.viewer, 'mode')).text).toContain('Governance mode: *audit*');
    const changed = await e.audit(['governance.mode_changed']);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ actor: PEOPLE.manager, data: { mode: 'audit', previous: 'strict' } });
  });

  it('fails closed without roles: nobody starts a run until an admin grants one', async () => {
    await e.fireAlert({ title: 'KubePodCrashLooping: no roles yet', service: 'payments-api' });
    const matched = await e.sandbox.waitFor(
      () =>
        e.sandbox
          .messages(INCIDENTS)
          .find((m) => m.text.includes('no roles yet') && m.text.includes('Runbook matched')),
      { timeoutMs: 15_000 },
    );
    await press(e, PEOPLE.oncall, matched, ACTIONS.startRun);
    const refusal = await ephemeral(e, PEOPLE.oncall, 'You need the *responder* role to start a run');
    expect(refusal.text).toContain('/runbook roles grant');
    expect(await e.audit(['execution.started'])).toHaveLength(0);
    expect((await e.audit(['authz.refused'])).some((ev) => ev.actor === PEOPLE.oncall)).toBe(true);

    const granted = await runbookCommand(PEOPLE.manager, `roles grant <@${PEOPLE.oncall}|oncall> responder`);
    expect(granted.text).toContain('now holds the *responder* role');
    const byViewer = await runbookCommand(PEOPLE.viewer, `roles grant <@${PEOPLE.viewer}> admin`);
    expect(byViewer.text).toContain('You need the *admin* role to grant or revoke roles');
    const listed = await runbookCommand(PEOPLE.viewer, 'roles');
    expect(listed.text).toContain(`*responder*: <@${PEOPLE.oncall}>`);
    expect(await e.audit(['roles.granted'])).toHaveLength(1);
  });

  it('in dry run shows what would run and runs nothing; a responder cannot approve 🟡, an admin can', async () => {
    const thread = await openIncident(
      e,
      { title: 'KubePodCrashLooping: dry-run drill', service: 'payments-api' },
      PEOPLE.oncall,
    );
    // Audit mode, trust level 1: the 🟢 step "runs" by itself, which in dry run means it is shown, never "succeeded".
    const s1 = await waitForStep(e.sandbox, INCIDENTS, thread, 1, (m) => shown(m).includes('Not executed (dry run)'));
    expect(shown(s1)).toContain('DRY RUN');
    expect(shown(s1)).toContain('uname -a');
    expect(shown(s1)).not.toContain('Linux');
    expect(shown(s1)).not.toContain('Succeeded');

    const s2 = await waitForStep(e.sandbox, INCIDENTS, thread, 2, (m) => buttons(m).includes(ACTIONS.approveStep));
    await press(e, PEOPLE.oncall, s2, ACTIONS.approveStep);
    const refusal = await ephemeral(e, PEOPLE.oncall, 'You need the *approver* role');
    expect(refusal.text).toContain(`<@${PEOPLE.manager}>`);
    await press(e, PEOPLE.manager, s2, ACTIONS.approveStep);
    const done = await waitForStep(e.sandbox, INCIDENTS, thread, 2, (m) => shown(m).includes('Not executed (dry run)'));
    expect(shown(done)).toContain('DRY RUN');
    expect(existsSync(e.file('e2e-marker'))).toBe(false);
    const runs = await inTenant(e.runtime.db, e.tenantId, (trx) =>
      trx.selectFrom('step_runs').select(['dry_run', 'status']).execute(),
    );
    expect(runs).toEqual([
      { dry_run: true, status: 'not_executed' },
      { dry_run: true, status: 'not_executed' },
    ]);
  });
});
