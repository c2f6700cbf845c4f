import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/ids.js';
import { type E2E, INCIDENTS, PEOPLE, REPO_ROOT, startE2E } from '../support/e2e.js';
import { ephemeral, openIncident, press, staleCopy } from '../support/e2e-actions.js';
import { buttons, shown, stepMessage, waitForStep } from '../support/slack-read.js';

/**
 * The runbook's shape, walked in Slack: a command written for the Rook toolbox is shown
 * with where it runs (the shell-opening step is done by hand, never run here), and where
 * the runbook offers Option A or Option B the engineer picks one and the other is skipped.
 */
describe('step graph: contexts and choices', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({
      runbooksDir: path.join(REPO_ROOT, 'test/fixtures/graph-runbooks'),
      env: { EXECUTION_DRY_RUN: 'true' },
    });
  });
  afterAll(async () => e?.close());

  it('shows where commands run, never runs a shell opener, and asks instead of running both options', async () => {
    const thread = await openIncident(
      e,
      { title: 'CephOSDDownGraph: osd.3 is down', service: 'storage' },
      PEOPLE.oncall,
    );
    const s1 = await waitForStep(e.sandbox, INCIDENTS, thread, 1, (m) => buttons(m).includes(ACTIONS.approveStep));
    await press(e, PEOPLE.oncall, s1, ACTIONS.approveStep);

    // Step 2 opens an interactive shell in the toolbox: a person does it; nothing runs here.
    const s2 = await waitForStep(e.sandbox, INCIDENTS, thread, 2, (m) => buttons(m).includes(ACTIONS.markDone));
    expect(buttons(s2)).not.toContain(ACTIONS.approveStep);
    expect(shown(s2)).toContain('oc rsh -n openshift-storage deploy/rook-ceph-tools');
    await press(e, PEOPLE.oncall, s2, ACTIONS.markDone);

    // Step 3 runs in the toolbox, passed in exactly from here.
    const s3 = await waitForStep(e.sandbox, INCIDENTS, thread, 3, (m) => buttons(m).includes(ACTIONS.approveStep));
    expect(shown(s3)).toContain('oc exec -n openshift-storage deploy/rook-ceph-tools -- ceph status');
    expect(shown(s3)).toContain('🧭 Runs inside the toolbox');
    await press(e, PEOPLE.oncall, s3, ACTIONS.approveStep);

    // The fork: one question, one button per option; a viewer may not pick.
    const fork = await e.sandbox.waitFor(
      () => e.sandbox.thread(INCIDENTS, thread).find((m) => m.text.startsWith('🔀 Choose')),
      { timeoutMs: 20_000, description: 'the fork question' },
    );
    expect(buttons(fork)).toEqual([`${ACTIONS.chooseBranch}_0`, `${ACTIONS.chooseBranch}_1`]);
    expect(stepMessage(e.sandbox, INCIDENTS, thread, 4)).toBeUndefined();
    await press(e, PEOPLE.viewer, fork, `${ACTIONS.chooseBranch}_1`);
    await ephemeral(e, PEOPLE.viewer, 'You need the *responder* role to choose between a runbook’s options');
    await press(e, PEOPLE.oncall, fork, `${ACTIONS.chooseBranch}_1`);
    await e.sandbox.waitFor(
      () => e.sandbox.thread(INCIDENTS, thread).find((m) => m.ts === fork.ts && shown(m).includes('chosen by')),
      { timeoutMs: 10_000 },
    );

    // Option A's step is skipped, never shown for approval; option B's runs.
    const s5 = await waitForStep(e.sandbox, INCIDENTS, thread, 5, (m) => buttons(m).includes(ACTIONS.approveStep));
    expect(shown(s5)).toContain('marking the OSD out');
    expect(stepMessage(e.sandbox, INCIDENTS, thread, 4)).toBeUndefined();
    await press(e, PEOPLE.oncall, s5, ACTIONS.approveStep);
    const s6 = await waitForStep(e.sandbox, INCIDENTS, thread, 6, (m) => buttons(m).includes(ACTIONS.approveStep));
    await press(e, PEOPLE.oncall, s6, ACTIONS.approveStep);
    const summary = await e.sandbox.waitFor(
      () => e.sandbox.thread(INCIDENTS, thread).find((m) => m.text.includes('Runbook finished')),
      { timeoutMs: 20_000 },
    );
    expect(shown(summary)).toMatch(/1 skipped/);
    const chosen = await e.audit(['execution.branch_chosen']);
    expect(chosen).toEqual([
      expect.objectContaining({ actor: PEOPLE.oncall, data: expect.objectContaining({ option: 1 }) }),
    ]);
    const skipped = (await e.audit(['execution.step_skipped'])).map((ev) => ev.data.reason);
    expect(skipped).toEqual(['its option was not chosen']);
  });

  it('refuses an answer to a fork the run has not asked yet: the question is still asked', async () => {
    const thread = await openIncident(
      e,
      { title: 'CephOSDDownGraph: osd.4 is down', service: 'storage' },
      PEOPLE.oncall,
    );
    const s1 = await waitForStep(e.sandbox, INCIDENTS, thread, 1, (m) => buttons(m).includes(ACTIONS.approveStep));
    const run = await e.db.owner
      .selectFrom('executions')
      .select(['id', 'runbook_version_id'])
      .where('thread_ts', '=', thread)
      .executeTakeFirstOrThrow();
    const spec = await e.runtime.runbooks.getSpec(e.tenantId, run.runbook_version_id);
    const fork = spec.branches![0]!;
    // A button value written for this run and fork, pressed before the run reaches it.
    const forged = await staleCopy(
      e,
      thread,
      `${ACTIONS.chooseBranch}_0`,
      JSON.stringify({ e: run.id, k: fork.key, o: 0 }),
    );
    await press(e, PEOPLE.oncall, forged, `${ACTIONS.chooseBranch}_0`);
    await ephemeral(e, PEOPLE.oncall, 'This run has not asked that question yet');

    await press(e, PEOPLE.oncall, s1, ACTIONS.approveStep);
    const s2 = await waitForStep(e.sandbox, INCIDENTS, thread, 2, (m) => buttons(m).includes(ACTIONS.markDone));
    await press(e, PEOPLE.oncall, s2, ACTIONS.markDone);
    const s3 = await waitForStep(e.sandbox, INCIDENTS, thread, 3, (m) => buttons(m).includes(ACTIONS.approveStep));
    await press(e, PEOPLE.oncall, s3, ACTIONS.approveStep);
    const question = await e.sandbox.waitFor(
      () => e.sandbox.thread(INCIDENTS, thread).find((m) => m.text.startsWith('🔀 Choose')),
      { timeoutMs: 20_000, description: 'the fork question, still asked' },
    );
    expect(buttons(question)).toEqual([`${ACTIONS.chooseBranch}_0`, `${ACTIONS.chooseBranch}_1`]);
    const chosen = await e.audit(['execution.branch_chosen']);
    expect(chosen.filter((ev) => ev.data.executionId === run.id)).toEqual([]);
  });
});
