import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTenant } from '../../src/db/tenant-scope.js';
import { ACTIONS, BLOCKS, VIEWS } from '../../src/slack/ids.js';
import { type E2E, INCIDENTS, PEOPLE, startE2E } from '../support/e2e.js';
import { ephemeral, openIncident, press, staleCopy } from '../support/e2e-actions.js';
import { buttons, buttonValue, shown, stepMessage, waitForModal, waitForStep } from '../support/slack-read.js';

/**
 * Strict mode (the default), trust level 0, approvers = the second responder and the SRE
 * manager. The SRE manager starts the run, so the second-person rule is theirs to meet.
 */
describe('approval gates in strict mode', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E();
  });
  afterAll(async () => {
    await e?.close();
  });

  it('asks for variables, enforces roles, voids approvals on edit, rolls back, and needs a second person for 🔴', async () => {
    const thread = await openIncident(
      e,
      { title: 'CheckoutErrorRateHigh: 5xx above 5% on checkout', service: 'checkout' },
      PEOPLE.manager,
    );

    // Step 1 needs $SERVICE: a modal asks; a value with shell metacharacters is refused in place.
    const s1 = await waitForStep(e.sandbox, INCIDENTS, thread, 1, (m) => buttons(m).includes(ACTIONS.provideVariables));
    expect(shown(s1)).toContain('Needs: `SERVICE`');
    await press(e, PEOPLE.manager, s1, ACTIONS.provideVariables);
    const modal = await waitForModal(e.sandbox, PEOPLE.manager, VIEWS.variables);
    // The author's description and default are offered; the author's pattern is enforced.
    expect(JSON.stringify(modal.definition.blocks)).toContain('The service behind the alert, lower case');
    expect(JSON.stringify(modal.definition.blocks)).toContain('"initial_value":"checkout"');
    // The alert already said which service: the value is filled in, and the modal says from where.
    expect(JSON.stringify(modal.definition.blocks)).toContain('Filled in from the alert’s service');
    await e.sandbox.submitView({
      userId: PEOPLE.manager,
      viewId: modal.id,
      values: { [`${BLOCKS.variablePrefix}SERVICE`]: { [BLOCKS.variableAction]: 'Checkout_EU' } },
    });
    expect(e.sandbox.openViews(PEOPLE.manager).at(-1)?.errors?.[`${BLOCKS.variablePrefix}SERVICE`]).toBe(
      "SERVICE must match the runbook's pattern [a-z][a-z-]*",
    );
    const bad = await e.sandbox.submitView({
      userId: PEOPLE.manager,
      viewId: modal.id,
      values: { [`${BLOCKS.variablePrefix}SERVICE`]: { [BLOCKS.variableAction]: 'checkout; rm -rf /' } },
    });
    expect(bad.ackPayload).toMatchObject({ response_action: 'errors' });
    expect(e.sandbox.openViews(PEOPLE.manager).at(-1)?.errors?.[`${BLOCKS.variablePrefix}SERVICE`]).toMatch(
      /may only contain/,
    );
    await e.sandbox.submitView({
      userId: PEOPLE.manager,
      viewId: modal.id,
      values: { [`${BLOCKS.variablePrefix}SERVICE`]: { [BLOCKS.variableAction]: 'checkout' } },
    });
    expect(e.sandbox.openViews(PEOPLE.manager)).toHaveLength(0);

    // Strict mode: even the 🟢 step needs a click, and any responder may give it; a viewer may not.
    const s1ready = await waitForStep(e.sandbox, INCIDENTS, thread, 1, (m) => buttons(m).includes(ACTIONS.approveStep));
    expect(shown(s1ready)).toContain('echo "checking checkout"');
    expect(shown(s1ready)).toContain('strict mode: every step needs a human');
    await press(e, PEOPLE.viewer, s1ready, ACTIONS.approveStep);
    await ephemeral(e, PEOPLE.viewer, 'You need the *responder* role to approve a 🟢 step');
    await press(e, PEOPLE.oncall, s1ready, ACTIONS.approveStep);
    await waitForStep(
      e.sandbox,
      INCIDENTS,
      thread,
      1,
      (m) => shown(m).includes('Succeeded') && shown(m).includes('checking checkout'),
    );

    const s2 = await waitForStep(e.sandbox, INCIDENTS, thread, 2, (m) => buttons(m).includes(ACTIONS.approveStep));
    expect(shown(s2)).toContain(`touch ${e.file('e2e-checkout.lock')}`);
    // Step 2 (🟡): the runbook names its approvers; the on-call engineer is not one of them.
    await press(e, PEOPLE.oncall, s2, ACTIONS.approveStep);
    const notNamed = await ephemeral(e, PEOPLE.oncall, 'Only this runbook’s approvers can approve this step');
    expect(notNamed.text).toContain(`<@${PEOPLE.second}>`);
    const staleApprove = buttonValue(s2, ACTIONS.approveStep);

    // An edit voids the pending approval: the new command is classified and approved afresh.
    await press(e, PEOPLE.manager, s2, ACTIONS.editStep);
    const editor = await waitForModal(e.sandbox, PEOPLE.manager, VIEWS.editCommand);
    await e.sandbox.submitView({
      userId: PEOPLE.manager,
      viewId: editor.id,
      values: { [BLOCKS.editInput]: { [BLOCKS.editInputAction]: `touch ${e.file('e2e-edited.lock')}` } },
    });
    const s2edited = await waitForStep(
      e.sandbox,
      INCIDENTS,
      thread,
      2,
      (m) => shown(m).includes(`touch ${e.file('e2e-edited.lock')}`) && buttons(m).includes(ACTIONS.approveStep),
    );
    expect(shown(s2edited)).toContain(`edited by <@${PEOPLE.manager}>`);
    const oldCopy = await staleCopy(e, thread, ACTIONS.approveStep, staleApprove);
    await press(e, PEOPLE.second, oldCopy, ACTIONS.approveStep);
    await ephemeral(e, PEOPLE.second, 'The command changed after this message was shown');
    expect(existsSync(e.file('e2e-checkout.lock'))).toBe(false);

    await press(e, PEOPLE.second, s2edited, ACTIONS.approveStep);
    await waitForStep(e.sandbox, INCIDENTS, thread, 2, (m) => shown(m).includes('Succeeded'));
    expect(existsSync(e.file('e2e-edited.lock'))).toBe(true);
    expect(existsSync(e.file('e2e-checkout.lock'))).toBe(false);

    // Step 3 fails; the thread offers its rollback, gated like any 🟡 step.
    const s3 = await waitForStep(e.sandbox, INCIDENTS, thread, 3, (m) => buttons(m).includes(ACTIONS.approveStep));
    await press(e, PEOPLE.second, s3, ACTIONS.approveStep);
    const s3failed = await waitForStep(e.sandbox, INCIDENTS, thread, 3, (m) =>
      buttons(m).includes(ACTIONS.rollbackStep),
    );
    expect(shown(s3failed)).toContain('a rollback is available');
    expect(shown(s3failed)).toMatch(/No such file or directory/);
    expect(shown(s3failed)).toContain(`touch ${e.file('e2e-rolled-back')}`);
    await press(e, PEOPLE.viewer, s3failed, ACTIONS.rollbackStep);
    await ephemeral(e, PEOPLE.viewer, 'Only this runbook’s approvers can approve this step');
    await press(e, PEOPLE.second, s3failed, ACTIONS.rollbackStep);
    await waitForStep(e.sandbox, INCIDENTS, thread, 3, (m) => shown(m).includes('Rolled back'));
    expect(existsSync(e.file('e2e-rolled-back'))).toBe(true);

    // Step 4 (🔴): the engineer who started the run may not confirm it; a second person types the target.
    const s4 = await waitForStep(e.sandbox, INCIDENTS, thread, 4, (m) => buttons(m).includes(ACTIONS.confirmDangerous));
    expect(shown(s4)).toContain('🔴 dangerous');
    expect(shown(s4)).toContain('Target: `namespace/rbc-e2e-scratch`');
    expect(buttons(s4)).not.toContain(ACTIONS.approveStep);
    await press(e, PEOPLE.manager, s4, ACTIONS.confirmDangerous);
    await ephemeral(e, PEOPLE.manager, 'needs a second person');
    expect(e.sandbox.openViews(PEOPLE.manager)).toHaveLength(0);

    await press(e, PEOPLE.second, s4, ACTIONS.confirmDangerous);
    const confirm = await waitForModal(e.sandbox, PEOPLE.second, VIEWS.typedConfirm);
    expect(shown({ text: '', blocks: confirm.definition.blocks })).toContain(
      'kubectl delete namespace rbc-e2e-scratch',
    );
    const wrong = await e.sandbox.submitView({
      userId: PEOPLE.second,
      viewId: confirm.id,
      values: { [BLOCKS.confirmInput]: { [BLOCKS.confirmInputAction]: 'rbc-e2e-scratch' } },
    });
    expect(wrong.ackPayload).toMatchObject({ response_action: 'errors' });
    expect(e.sandbox.openViews(PEOPLE.second).at(-1)?.errors?.[BLOCKS.confirmInput]).toContain(
      'Type exactly: namespace/rbc-e2e-scratch',
    );
    await e.sandbox.submitView({
      userId: PEOPLE.second,
      viewId: confirm.id,
      values: { [BLOCKS.confirmInput]: { [BLOCKS.confirmInputAction]: 'namespace/rbc-e2e-scratch' } },
    });
    // kubectl is not on the test machine: the step runs and fails, and waits for a decision.
    const s4done = await waitForStep(e.sandbox, INCIDENTS, thread, 4, (m) => buttons(m).includes(ACTIONS.retryStep));
    expect(shown(s4done)).toContain('Failed');
    await press(e, PEOPLE.manager, s4done, ACTIONS.skipStep);

    const summary = await e.sandbox.waitFor(
      () => e.sandbox.thread(INCIDENTS, thread).find((m) => m.text.includes('Runbook finished')),
      {
        timeoutMs: 20_000,
      },
    );
    expect(shown(summary)).toMatch(/2 ran · 1 skipped · 1 edited/);
    expect(shown(summary)).toContain('was edited before it ran');
    expect(shown(summary)).toContain(`touch ${e.file('e2e-edited.lock')}`);

    // The audit log tells the whole story, refusals included.
    const events = await e.audit();
    const refused = events.filter((ev) => ev.type === 'execution.action_refused').map((ev) => [ev.actor, ev.data.code]);
    const roleRefusals = events.filter((ev) => ev.type === 'authz.refused').map((ev) => ev.actor);
    expect(roleRefusals).toEqual(expect.arrayContaining([PEOPLE.viewer, PEOPLE.oncall]));
    expect(refused).toEqual(
      expect.arrayContaining([
        [PEOPLE.second, 'approval_mismatch'],
        [PEOPLE.manager, 'same_person'],
        [PEOPLE.second, 'confirmation_mismatch'],
      ]),
    );
    const typed = events.find((ev) => ev.type === 'execution.step_approved' && ev.data.gate === 'typed_confirm');
    expect(typed).toMatchObject({
      actor: PEOPLE.second,
      data: { typedConfirmation: 'namespace/rbc-e2e-scratch', level: 'dangerous' },
    });
    const edit = events.find((ev) => ev.type === 'execution.step_edited');
    expect(edit?.data).toMatchObject({
      fromCommand: `touch ${e.file('e2e-checkout.lock')}`,
      toCommand: `touch ${e.file('e2e-edited.lock')}`,
    });
    expect(
      events.some(
        (ev) =>
          ev.type === 'execution.variables_set' && (ev.data.values as Record<string, string>).SERVICE === 'checkout',
      ),
    ).toBe(true);
    expect(events.filter((ev) => ev.type === 'execution.rollback_started')).toHaveLength(1);
    // Every approval is bound to the exact command that ran.
    const { approvals, runs } = await inTenant(e.runtime.db, e.tenantId, async (trx) => ({
      approvals: await trx.selectFrom('approvals').select(['approver', 'command_sha256', 'consumed_at']).execute(),
      runs: await trx.selectFrom('step_runs').select(['command_sha256', 'approval_id', 'status']).execute(),
    }));
    expect(approvals.every((a) => a.consumed_at !== null)).toBe(true);
    for (const a of approvals) expect(runs.map((r) => r.command_sha256)).toContain(a.command_sha256);
  });
});

describe('approval expiry', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ env: { APPROVAL_TTL_SECONDS: '2' } });
  });
  afterAll(async () => e?.close());

  it('voids a request when its window closes, refuses the old button, and can be asked again', async () => {
    const thread = await openIncident(
      e,
      { title: 'CheckoutErrorRateHigh on checkout (expiry)', service: 'checkout' },
      PEOPLE.manager,
    );
    const s1 = await waitForStep(e.sandbox, INCIDENTS, thread, 1, (m) => buttons(m).includes(ACTIONS.provideVariables));
    await press(e, PEOPLE.manager, s1, ACTIONS.provideVariables);
    await e.sandbox.submitView({
      userId: PEOPLE.manager,
      viewId: (await waitForModal(e.sandbox, PEOPLE.manager, VIEWS.variables)).id,
      values: { [`${BLOCKS.variablePrefix}SERVICE`]: { [BLOCKS.variableAction]: 'checkout' } },
    });
    const waiting = await waitForStep(e.sandbox, INCIDENTS, thread, 1, (m) => buttons(m).includes(ACTIONS.approveStep));
    const value = buttonValue(waiting, ACTIONS.approveStep);

    const expired = await waitForStep(
      e.sandbox,
      INCIDENTS,
      thread,
      1,
      (m) => buttons(m).includes(ACTIONS.rerequestApproval),
      10_000,
    );
    expect(shown(expired)).toContain('Approval expired');
    const old = await staleCopy(e, thread, ACTIONS.approveStep, value);
    await press(e, PEOPLE.second, old, ACTIONS.approveStep);
    await ephemeral(e, PEOPLE.second, 'approval window for this step closed');
    expect(stepMessage(e.sandbox, INCIDENTS, thread, 1)?.text).not.toContain('Succeeded');

    await press(e, PEOPLE.second, expired, ACTIONS.rerequestApproval);
    const again = await waitForStep(e.sandbox, INCIDENTS, thread, 1, (m) => buttons(m).includes(ACTIONS.approveStep));
    await press(e, PEOPLE.second, again, ACTIONS.approveStep);
    await waitForStep(e.sandbox, INCIDENTS, thread, 1, (m) => shown(m).includes('Succeeded'));
    const types = (await e.audit()).map((ev) => ev.type);
    expect(types).toContain('execution.step_approval_expired');
  });
});
