import type { App, BlockAction, SlackViewAction } from '@slack/bolt';
import type { ModalView, View } from '@slack/types';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxDriverError } from '../../../src/sandbox/index.js';
import { type Harness, INCIDENTS, ONCALL, RESPONDER, startHarness } from './bolt-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const option = (value: string) => ({ text: { type: 'plain_text' as const, text: value }, value });

/** The approval modal a product would open: every input element type the product uses. */
const approvalModal = (callbackId = 'approve_step'): ModalView => ({
  type: 'modal',
  callback_id: callbackId,
  private_metadata: JSON.stringify({ executionId: 'exec-1' }),
  notify_on_close: true,
  title: { type: 'plain_text', text: 'Approve step 3' },
  submit: { type: 'plain_text', text: 'Approve' },
  close: { type: 'plain_text', text: 'Cancel' },
  blocks: [
    { type: 'section', text: { type: 'mrkdwn', text: '`kubectl rollout restart deploy/api`' } },
    {
      type: 'input',
      block_id: 'confirm',
      label: { type: 'plain_text', text: 'Type the service name to confirm' },
      element: { type: 'plain_text_input', action_id: 'typed' },
    },
    {
      type: 'input',
      block_id: 'env',
      label: { type: 'plain_text', text: 'Environment' },
      element: { type: 'static_select', action_id: 'choice', options: [option('staging'), option('production')] },
    },
    {
      type: 'input',
      block_id: 'scope',
      label: { type: 'plain_text', text: 'Scope' },
      element: {
        type: 'radio_buttons',
        action_id: 'radio',
        options: [option('one-pod'), option('all-pods')],
        initial_option: option('one-pod'),
      },
    },
    {
      type: 'input',
      block_id: 'checks',
      optional: true,
      label: { type: 'plain_text', text: 'Checks' },
      element: { type: 'checkboxes', action_id: 'boxes', options: [option('backup-taken'), option('oncall-aware')] },
    },
    {
      type: 'input',
      block_id: 'note',
      optional: true,
      label: { type: 'plain_text', text: 'Note' },
      element: { type: 'plain_text_input', action_id: 'text', multiline: true },
    },
  ],
});

/** Opens the modal from a slash command, as the product does. */
function openOnCommand(app: App, view: View = approvalModal()): void {
  app.command('/runbook', async ({ ack, body, client }) => {
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view });
  });
}

async function openModal(harness: Harness, userId = ONCALL): Promise<string> {
  await harness.sandbox.slashCommand({ userId, channelId: INCIDENTS, command: '/runbook', text: 'approve' });
  const sandbox = harness.sandbox;
  const view = await sandbox.waitFor(() => sandbox.openViews(userId)[0]);
  return view.id;
}

describe('Bolt: modals', () => {
  it('views.open with the command’s trigger_id opens the modal for that person; submit sends Slack’s state shapes', async () => {
    let submitted: SlackViewAction | undefined;
    h = await startHarness((app) => {
      openOnCommand(app);
      app.view('approve_step', async ({ ack, body }) => {
        submitted = body;
        await ack();
      });
    });
    const viewId = await openModal(h);
    expect(h.sandbox.openViews(RESPONDER)).toEqual([]);
    const outcome = await h.sandbox.submitView({
      userId: ONCALL,
      viewId,
      values: { confirm: { typed: 'api' }, env: { choice: 'production' }, checks: { boxes: ['backup-taken'] } },
    });
    expect(outcome.status).toBe('acked');
    expect(submitted).toMatchObject({
      type: 'view_submission',
      user: { id: ONCALL },
      view: {
        id: viewId,
        callback_id: 'approve_step',
        private_metadata: '{"executionId":"exec-1"}',
        hash: expect.any(String),
        state: {
          values: {
            confirm: { typed: { type: 'plain_text_input', value: 'api' } },
            env: {
              choice: {
                type: 'static_select',
                selected_option: { value: 'production', text: { type: 'plain_text', text: 'production' } },
              },
            },
            scope: { radio: { type: 'radio_buttons', selected_option: { value: 'one-pod' } } },
            checks: { boxes: { type: 'checkboxes', selected_options: [{ value: 'backup-taken' }] } },
            note: { text: { type: 'plain_text_input', value: null } },
          },
        },
      },
    });
    // No response_action: the modal closes.
    expect(h.sandbox.openViews(ONCALL)).toEqual([]);
  });

  it('response_action errors keeps the modal open with the field errors; a corrected submit closes it', async () => {
    h = await startHarness((app) => {
      openOnCommand(app);
      app.view('approve_step', async ({ ack, view }) => {
        if (view.state.values.confirm?.typed?.value !== 'api') {
          await ack({ response_action: 'errors', errors: { confirm: 'That is not the service name.' } });
          return;
        }
        await ack();
      });
    });
    const viewId = await openModal(h);
    await h.sandbox.submitView({
      userId: ONCALL,
      viewId,
      values: { confirm: { typed: 'db' }, env: { choice: 'staging' } },
    });
    expect(h.sandbox.openViews(ONCALL)).toMatchObject([
      { id: viewId, errors: { confirm: 'That is not the service name.' } },
    ]);
    await h.sandbox.submitView({
      userId: ONCALL,
      viewId,
      values: { confirm: { typed: 'api' }, env: { choice: 'staging' } },
    });
    expect(h.sandbox.openViews(ONCALL)).toEqual([]);
  });

  it('Slack’s client will not submit with an empty required field or an option that is not offered', async () => {
    h = await startHarness((app) => openOnCommand(app));
    const viewId = await openModal(h);
    const error = await h.sandbox
      .submitView({ userId: ONCALL, viewId, values: { confirm: { typed: 'api' } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxDriverError);
    expect((error as SandboxDriverError).fieldErrors).toEqual({ env: 'Please complete this required field.' });
    await expect(
      h.sandbox.submitView({ userId: ONCALL, viewId, values: { env: { choice: 'prod-eu' } } }),
    ).rejects.toThrow(/no option/);
    expect(h.sandbox.calls('views.open')).toHaveLength(1);
  });

  it('response_action update replaces the view, push stacks one (at most 3), clear closes them all', async () => {
    const step = (n: number, callback: string): View => ({
      type: 'modal',
      callback_id: callback,
      title: { type: 'plain_text', text: `Step ${n}` },
      submit: { type: 'plain_text', text: 'Next' },
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `step ${n}` } }],
    });
    h = await startHarness((app) => {
      openOnCommand(app, step(1, 'first'));
      app.view('first', async ({ ack }) => ack({ response_action: 'update', view: step(2, 'second') }));
      app.view('second', async ({ ack }) => ack({ response_action: 'push', view: step(3, 'third') }));
      app.view('third', async ({ ack }) => ack({ response_action: 'push', view: step(4, 'fourth') }));
      app.view('fourth', async ({ ack }) => ack({ response_action: 'push', view: step(5, 'fifth') }));
      app.view('fifth', async ({ ack }) => ack({ response_action: 'clear' }));
    });
    const sandbox = h.sandbox;
    const firstId = await openModal(h);
    await sandbox.submitView({ userId: ONCALL, viewId: firstId });
    const afterUpdate = sandbox.openViews(ONCALL);
    expect(afterUpdate.map((v) => [v.id, v.definition.callback_id])).toEqual([[firstId, 'second']]);
    await sandbox.submitView({ userId: ONCALL, viewId: firstId });
    const thirdId = sandbox.openViews(ONCALL)[1]?.id ?? '';
    expect(sandbox.openViews(ONCALL).map((v) => v.definition.callback_id)).toEqual(['second', 'third']);
    expect(sandbox.openViews(ONCALL)[1]).toMatchObject({ previousViewId: firstId, rootViewId: firstId });
    // The view underneath is not on screen.
    await expect(sandbox.submitView({ userId: ONCALL, viewId: firstId })).rejects.toThrow(/covered/);
    await sandbox.submitView({ userId: ONCALL, viewId: thirdId });
    const fourthId = sandbox.openViews(ONCALL)[2]?.id ?? '';
    await sandbox.submitView({ userId: ONCALL, viewId: fourthId });
    // A fourth view would exceed Slack's stack of three: the modal shows an error instead.
    expect(sandbox.openViews(ONCALL).map((v) => v.definition.callback_id)).toEqual(['second', 'third', 'fourth']);
    expect(sandbox.openViews(ONCALL)[2]?.connectionError).toBeDefined();
    expect(sandbox.failures()).toMatchObject([{ kind: 'invalid_ack', viewId: fourthId }]);
  });

  it('views.push from a modal button, views.update with hash; close goes back and sends view_closed when asked', async () => {
    const closed: SlackViewAction[] = [];
    h = await startHarness((app) => {
      openOnCommand(app, {
        ...approvalModal(),
        blocks: [
          {
            type: 'actions',
            block_id: 'more',
            elements: [{ type: 'button', action_id: 'explain', text: { type: 'plain_text', text: 'Explain' } }],
          },
        ],
        submit: undefined,
      });
      app.action('explain', async ({ ack, body, client }) => {
        await ack();
        const b = body as BlockAction;
        const pushed = await client.views.push({
          trigger_id: b.trigger_id,
          view: {
            type: 'modal',
            callback_id: 'explain',
            title: { type: 'plain_text', text: 'Why' },
            blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'loading…' } }],
          },
        });
        await client.views.update({
          view_id: pushed.view?.id ?? '',
          hash: pushed.view?.hash ?? '',
          view: {
            type: 'modal',
            callback_id: 'explain',
            title: { type: 'plain_text', text: 'Why' },
            blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Because the pods are crash-looping.' } }],
          },
        });
        const stale = await client.views
          .update({
            view_id: pushed.view?.id ?? '',
            hash: pushed.view?.hash ?? '',
            view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] },
          })
          .catch((e: { data?: { error?: string } }) => e.data?.error);
        await client.chat.postEphemeral({
          channel: INCIDENTS,
          user: b.user.id,
          text: `stale update: ${String(stale)}`,
        });
      });
      app.view({ callback_id: 'approve_step', type: 'view_closed' }, async ({ ack, body }) => {
        await ack();
        closed.push(body);
      });
    });
    const sandbox = h.sandbox;
    const rootId = await openModal(h);
    const outcome = await sandbox.clickViewButton({ userId: ONCALL, viewId: rootId, actionId: 'explain' });
    expect(outcome.status).toBe('acked');
    await sandbox.waitFor(() => sandbox.ephemerals(ONCALL).find((e) => e.text === 'stale update: hash_conflict'));
    const stack = sandbox.openViews(ONCALL);
    expect(stack).toHaveLength(2);
    expect(JSON.stringify(stack[1]?.definition.blocks)).toContain('crash-looping');
    // Close on the pushed view goes back to the first one (no notify_on_close there: no envelope).
    expect(await sandbox.closeView({ userId: ONCALL, viewId: stack[1]?.id ?? '' })).toBeUndefined();
    expect(sandbox.openViews(ONCALL).map((v) => v.id)).toEqual([rootId]);
    const closeOutcome = await sandbox.closeView({ userId: ONCALL, viewId: rootId });
    expect(closeOutcome?.status).toBe('acked');
    expect(closed[0]).toMatchObject({
      type: 'view_closed',
      is_cleared: false,
      view: { id: rootId, callback_id: 'approve_step' },
    });
    expect(sandbox.openViews(ONCALL)).toEqual([]);
  });

  it('a trigger_id is single use and expires after the TTL', async () => {
    const errors: string[] = [];
    h = await startHarness(
      (app) => {
        app.command('/runbook', async ({ ack, body, client }) => {
          await ack();
          const view: View = { type: 'modal', title: { type: 'plain_text', text: 'T' }, blocks: [] };
          if (body.text === 'slow') await new Promise((r) => setTimeout(r, 300));
          for (let i = 0; i < (body.text === 'twice' ? 2 : 1); i += 1) {
            await client.views.open({ trigger_id: body.trigger_id, view }).catch((e: { data?: { error?: string } }) => {
              errors.push(e.data?.error ?? 'unknown');
            });
          }
        });
      },
      { triggerTtlMs: 200 },
    );
    const sandbox = h.sandbox;
    await sandbox.slashCommand({ userId: ONCALL, channelId: INCIDENTS, command: '/runbook', text: 'twice' });
    await sandbox.waitFor(() => errors.length === 1);
    expect(errors).toEqual(['exchanged_trigger_id']);
    expect(sandbox.openViews(ONCALL)).toHaveLength(1);
    await sandbox.slashCommand({ userId: RESPONDER, channelId: INCIDENTS, command: '/runbook', text: 'slow' });
    await sandbox.waitFor(() => errors.length === 2);
    expect(errors[1]).toBe('expired_trigger_id');
    expect(sandbox.openViews(RESPONDER)).toEqual([]);
  });

  it('a submission acked too late leaves the modal open with Slack’s connection banner', async () => {
    h = await startHarness(
      (app) => {
        openOnCommand(app, { ...approvalModal(), blocks: [], notify_on_close: false });
        app.view('approve_step', async ({ ack }) => {
          await new Promise((r) => setTimeout(r, 400));
          await ack();
        });
      },
      { ackTimeoutMs: 150 },
    );
    const viewId = await openModal(h);
    const outcome = await h.sandbox.submitView({ userId: ONCALL, viewId });
    expect(outcome.status).toBe('ack_timeout');
    expect(h.sandbox.openViews(ONCALL)).toMatchObject([
      { id: viewId, connectionError: 'We had some trouble connecting. Try again?' },
    ]);
    const sandbox = h.sandbox;
    await sandbox.waitFor(() => sandbox.failures()[0]?.lateAckMs);
  });
});

describe('Bolt: App Home', () => {
  it('app_home_opened → views.publish; a button on the Home tab sends block_actions with container.type view', async () => {
    let clicked: BlockAction | undefined;
    h = await startHarness((app) => {
      app.event('app_home_opened', async ({ event, client }) => {
        await client.views.publish({
          user_id: event.user,
          view: {
            type: 'home',
            blocks: [
              { type: 'section', text: { type: 'mrkdwn', text: `Hello <@${event.user}>` } },
              {
                type: 'actions',
                block_id: 'home_actions',
                elements: [
                  { type: 'button', action_id: 'panic', text: { type: 'plain_text', text: 'Panic' }, style: 'danger' },
                ],
              },
            ],
          },
        });
      });
      app.action('panic', async ({ ack, body }) => {
        await ack();
        clicked = body as BlockAction;
      });
    });
    const sandbox = h.sandbox;
    const opened = await sandbox.openHome({ userId: ONCALL });
    expect(opened.status).toBe('acked');
    const home = await sandbox.waitFor(() => sandbox.homeView(ONCALL));
    await sandbox.clickViewButton({ userId: ONCALL, viewId: home.id, actionId: 'panic' });
    expect(clicked).toMatchObject({
      type: 'block_actions',
      container: { type: 'view', view_id: home.id },
      view: { type: 'home', id: home.id },
    });
    expect(sandbox.homeView(RESPONDER)).toBeUndefined();
  });
});
