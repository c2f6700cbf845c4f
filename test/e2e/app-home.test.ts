import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/ids.js';
import { type E2E, INCIDENTS, PEOPLE, startE2E } from '../support/e2e.js';
import { openIncident } from '../support/e2e-actions.js';
import { buttons, shown, stepMessage } from '../support/slack-read.js';

describe('App Home: approvals with working buttons, live runs, incidents, the catalogue', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ env: { GOVERNANCE_MODE: 'audit' } });
  });
  afterAll(async () => {
    await e?.close();
  });

  async function home(userId: string) {
    const before = e.sandbox.homeView(userId)?.hash;
    await e.sandbox.openHome({ userId });
    return e.sandbox.waitFor(
      () => {
        const view = e.sandbox.homeView(userId);
        return view && view.hash !== before ? view : undefined;
      },
      { timeoutMs: 10_000, description: `the App Home of ${userId}` },
    );
  }

  it('an approver approves a waiting step from the Home; the Home then shows the run, the incident and the catalogue', async () => {
    const thread = await openIncident(
      e,
      { title: 'KubePodCrashLooping: payments/api-home is crash looping', service: 'payments-api' },
      PEOPLE.oncall,
    );
    await e.sandbox.waitFor(
      () => {
        const m = stepMessage(e.sandbox, INCIDENTS, thread, 2);
        return m && buttons(m).includes(ACTIONS.approveStep) ? m : undefined;
      },
      { timeoutMs: 20_000, description: 'step 2 waiting for approval' },
    );

    const view = await home(PEOPLE.second);
    const text = shown({ blocks: view.definition.blocks });
    expect(text).toContain('Waiting for your approval (1)');
    expect(text).toContain('*Pod crash looping (e2e)* · step 2: Write a marker file for the incident');
    expect(text).toContain(`touch ${e.file('e2e-marker')}`);
    expect(text).toMatch(
      /Live runs \(1\)[\s\S]*\*Pod crash looping \(e2e\)\* for KubePodCrashLooping: payments\/api-home/,
    );
    expect(text).toMatch(
      /Open incidents \(1\)[\s\S]*🔴 \*KubePodCrashLooping: payments\/api-home is crash looping\* · payments-api · open \d+s/,
    );
    expect(text).toMatch(
      /\*Pod crash looping \(e2e\)\* `pod-crash-looping` v1 · edited \d+s ago · last run \d+s ago · no finished run/,
    );
    expect(text).toContain('*Stuck batch job (e2e)* `stuck-batch-job` v1');

    // The viewer sees incidents but has nothing to approve.
    expect(shown({ blocks: (await home(PEOPLE.viewer)).definition.blocks })).toContain('Waiting for your approval (0)');

    await e.sandbox.clickViewButton({ userId: PEOPLE.second, viewId: view.id, actionId: ACTIONS.approveStep });
    await e.sandbox.waitFor(
      () => (shown(stepMessage(e.sandbox, INCIDENTS, thread, 2)).includes('Succeeded') ? true : undefined),
      { timeoutMs: 20_000, description: 'step 2 approved from the Home and run' },
    );
    expect(shown(stepMessage(e.sandbox, INCIDENTS, thread, 2))).toContain(`approved by <@${PEOPLE.second}>`);
    // The open Home is republished by itself once the workspace changed: nothing waits any more.
    await e.sandbox.waitFor(
      () => {
        const now = e.sandbox.homeView(PEOPLE.second);
        return now && shown({ blocks: now.definition.blocks }).includes('Waiting for your approval (0)')
          ? now
          : undefined;
      },
      { timeoutMs: 20_000, description: 'the open Home refreshed after the approval' },
    );
  });
});
