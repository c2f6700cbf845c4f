import type { App } from '@slack/bolt';
import type { HomeView } from '@slack/types';

/**
 * A tiny Bolt app used by the sandbox's own tests: answers /runbook, posts a card with buttons,
 * opens a modal, validates it, and streams a result into a thread.
 */
export function registerDemoApp(app: App): void {
  app.command('/runbook', async ({ ack, command, client }) => {
    if (command.text.startsWith('card')) {
      await ack();
      await client.chat.postMessage({
        channel: command.channel_id,
        text: 'Runbook matched: restart api',
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'Runbook matched' } },
          {
            type: 'section',
            block_id: 'summary',
            text: { type: 'mrkdwn', text: '*restart-api* for `api-7` <https://example.com/rb|open runbook> & more' },
          },
          {
            type: 'actions',
            block_id: 'controls',
            elements: [
              {
                type: 'button',
                action_id: 'start',
                text: { type: 'plain_text', text: '▶ Start' },
                style: 'primary',
                value: 'rb-1',
              },
              { type: 'button', action_id: 'details', text: { type: 'plain_text', text: 'Details…' }, value: 'rb-1' },
            ],
          },
        ],
      });
      return;
    }
    await ack({ text: `You said: ${command.text || '(nothing)'}` });
  });

  app.action('start', async ({ ack, body, client }) => {
    await ack();
    if (body.type !== 'block_actions' || !body.channel || !body.message) return;
    await client.chat.update({
      channel: body.channel.id,
      ts: body.message.ts,
      text: `Started by <@${body.user.id}>`,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:white_check_mark: Started by <@${body.user.id}>` } }],
    });
  });

  app.action('details', async ({ ack, body, client }) => {
    await ack();
    if (body.type !== 'block_actions') return;
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        callback_id: 'reason_modal',
        private_metadata: 'rb-1',
        title: { type: 'plain_text', text: 'Run details' },
        submit: { type: 'plain_text', text: 'Run' },
        close: { type: 'plain_text', text: 'Cancel' },
        blocks: [
          {
            type: 'input',
            block_id: 'reason',
            label: { type: 'plain_text', text: 'Why run it?' },
            element: { type: 'plain_text_input', action_id: 'text', multiline: true },
          },
          {
            type: 'input',
            block_id: 'env',
            label: { type: 'plain_text', text: 'Environment' },
            element: {
              type: 'static_select',
              action_id: 'choice',
              options: [
                { text: { type: 'plain_text', text: 'staging' }, value: 'staging' },
                { text: { type: 'plain_text', text: 'production' }, value: 'production' },
              ],
            },
          },
        ],
      },
    });
  });

  app.event('app_mention', async ({ event, client }) => {
    await client.chat.postMessage({ channel: event.channel, thread_ts: event.ts, text: 'On it: *checking* `api-7`' });
  });

  app.event('app_home_opened', async ({ event, client }) => {
    await client.views.publish({ user_id: event.user, view: homeView(`Hello <@${event.user}>`) });
  });

  app.action('panic', async ({ ack, body, client }) => {
    await ack();
    await client.views.publish({ user_id: body.user.id, view: homeView(`Paused by <@${body.user.id}>`) });
  });

  app.view('reason_modal', async ({ ack, view, body, client }) => {
    const reason = view.state.values.reason?.text?.value ?? '';
    const env = view.state.values.env?.choice?.selected_option?.value ?? '';
    if (reason.trim().length < 5) {
      await ack({ response_action: 'errors', errors: { reason: 'Say a bit more (5+ characters).' } });
      return;
    }
    await ack();
    await client.chat.postEphemeral({
      channel: 'C0INCIDENTS',
      user: body.user.id,
      text: `Queued on ${env}: ${reason}`,
    });
  });
}

function homeView(greeting: string): HomeView {
  return {
    type: 'home',
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: greeting } },
      {
        type: 'actions',
        block_id: 'home_controls',
        elements: [
          {
            type: 'button',
            action_id: 'panic',
            style: 'danger',
            text: { type: 'plain_text', text: 'Pause all runbooks' },
            confirm: {
              title: { type: 'plain_text', text: 'Pause everything?' },
              text: { type: 'mrkdwn', text: 'Running steps stop after the current command.' },
              confirm: { type: 'plain_text', text: 'Pause' },
              deny: { type: 'plain_text', text: 'Keep running' },
              style: 'danger',
            },
          },
        ],
      },
    ],
  };
}
