import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/ids.js';
import { type E2E, INCIDENTS, PEOPLE, startE2E } from '../support/e2e.js';
import { openIncident, press } from '../support/e2e-actions.js';
import { buttons, shown, waitForStep } from '../support/slack-read.js';

const MARKER = '/tmp/rbc-e2e-marker';

/** The SRE manager is the only workspace admin; commands are shown, not run (the sandbox default). */
describe('governance mode and dry run', () => {
  let e: E2E;
  beforeAll(async () => {
    rmSync(MARKER, { force: true });
    e = await startE2E({ env: { SLACK_ADMIN_USER_IDS: PEOPLE.manager, EXECUTION_DRY_RUN: 'true' } });
  });
  afterAll(async () => {
    await e?.close();
    rmSync(MARKER, { force: true });
  });

  async function runbookCommand(userId: string, text: string): Promise<string> {
    const before = e.sandbox.ephemerals(userId).length;
    await e.sandbox.slashCommand({ userId, channelId: INCIDENTS, command: '/runbook', text });
    const reply = await e.sandbox.waitFor(() => e.sandbox.ephemerals(userId).slice(before).at(-1), {
      timeoutMs: 10_000,
    });
    return reply.text;
  }

  it('shows the mode to anyone and lets only an admin switch it, audited', async () => {
    expect(await runbookCommand(PEOPLE.viewer, 'mode')).toContain('Governance mode: *strict*');
    expect(await runbookCommand(PEOPLE.oncall, 'mode audit')).toContain('Only workspace admins');
    expect(await runbookCommand(PEOPLE.manager, 'mode audit')).toContain('now *audit* (was strict)');
    expect(await runbookCommand(PEOPLE.viewer, 'mode')).toContain('Governance mode: *audit*');
    const changed = await e.audit(['governance.mode_changed']);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ actor: PEOPLE.manager, data: { mode: 'audit' } });
  });

  it('in dry-run shows what would run and runs nothing; admins hold the approver role', async () => {
    const thread = await openIncident(
      e,
      { title: 'KubePodCrashLooping: dry-run drill', service: 'payments-api' },
      PEOPLE.oncall,
    );
    // Audit mode, trust level 1: the 🟢 step "runs" by itself, which in dry-run means it is shown.
    const s1 = await waitForStep(e.sandbox, INCIDENTS, thread, 1, (m) => shown(m).includes('Succeeded'));
    expect(shown(s1)).toContain('DRY RUN');
    expect(shown(s1)).toContain('uname -a');
    expect(shown(s1)).not.toContain('Linux');

    const s2 = await waitForStep(e.sandbox, INCIDENTS, thread, 2, (m) => buttons(m).includes(ACTIONS.approveStep));
    await press(e, PEOPLE.oncall, s2, ACTIONS.approveStep);
    await e.sandbox.waitFor(
      () => e.sandbox.ephemerals(PEOPLE.oncall).find((m) => m.text.includes('Only holders of the approver role')),
      {
        timeoutMs: 10_000,
      },
    );
    await press(e, PEOPLE.manager, s2, ACTIONS.approveStep);
    const done = await waitForStep(e.sandbox, INCIDENTS, thread, 2, (m) => shown(m).includes('Succeeded'));
    expect(shown(done)).toContain('DRY RUN');
    expect(existsSync(MARKER)).toBe(false);
    const runs = await e.runtime.db.selectFrom('step_runs').select(['dry_run', 'status']).execute();
    expect(runs).toEqual([
      { dry_run: true, status: 'succeeded' },
      { dry_run: true, status: 'succeeded' },
    ]);
  });
});
