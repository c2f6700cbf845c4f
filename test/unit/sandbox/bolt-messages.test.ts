import type { BlockAction, ButtonAction } from '@slack/bolt';
import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxDriverError } from '../../../src/sandbox/index.js';
import { type Harness, INCIDENTS, ONCALL, RESPONDER, startHarness } from './bolt-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const OPS = 'C0OPS000001';
const cardBlocks = [
  { type: 'section', block_id: 'summary', text: { type: 'mrkdwn', text: '*restart-api* matched' } },
  {
    type: 'actions',
    block_id: 'controls',
    elements: [
      {
        type: 'button',
        action_id: 'start',
        text: { type: 'plain_text', text: 'Start' },
        style: 'primary',
        value: 'exec-1',
      },
      {
        type: 'static_select',
        action_id: 'env',
        options: [
          { text: { type: 'plain_text', text: 'staging' }, value: 'staging' },
          { text: { type: 'plain_text', text: 'production' }, value: 'production' },
        ],
      },
    ],
  },
];

describe('Bolt: messages, buttons, threads', () => {
  it('a button click delivers block_actions with Slack’s payload shape, and chat.update changes what people see', async () => {
    let payload: BlockAction<ButtonAction> | undefined;
    h = await startHarness((app) => {
      app.action<BlockAction<ButtonAction>>('start', async ({ ack, body, client }) => {
        await ack();
        payload = body;
        await client.chat.update({
          channel: body.channel?.id ?? '',
          ts: body.message?.ts ?? '',
          text: `Started by <@${body.user.id}>`,
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `Started by <@${body.user.id}>` } }],
        });
      });
    });
    const posted = await h.app.client.chat.postMessage({
      channel: INCIDENTS,
      text: 'Runbook matched',
      blocks: cardBlocks,
    });
    const ts = String(posted.ts);
    const outcome = await h.sandbox.clickButton({
      userId: RESPONDER,
      channelId: INCIDENTS,
      messageTs: ts,
      actionId: 'start',
    });
    expect(outcome.status).toBe('acked');
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: RESPONDER, username: 'second.responder', team_id: 'T0SANDBOX' },
      container: { type: 'message', message_ts: ts, channel_id: INCIDENTS, is_ephemeral: false },
      channel: { id: INCIDENTS, name: 'incidents' },
      message: { ts, text: 'Runbook matched', bot_id: 'B0SANDBOX' },
      trigger_id: outcome.triggerId,
      response_url: outcome.responseUrl,
      actions: [
        {
          type: 'button',
          action_id: 'start',
          block_id: 'controls',
          value: 'exec-1',
          style: 'primary',
          text: { text: 'Start' },
        },
      ],
    });
    const sandbox = h.sandbox;
    const updated = await sandbox.waitFor(() =>
      sandbox.messages(INCIDENTS).find((m) => m.text.startsWith('Started by')),
    );
    expect(updated).toMatchObject({ ts, text: `Started by <@${RESPONDER}>` });
    expect(updated.edited).toBeDefined();
  });

  it('a person can only click what is shown', async () => {
    h = await startHarness(() => {});
    const posted = await h.app.client.chat.postMessage({ channel: INCIDENTS, text: 'plain text, no buttons' });
    await expect(
      h.sandbox.clickButton({ userId: ONCALL, channelId: INCIDENTS, messageTs: String(posted.ts), actionId: 'start' }),
    ).rejects.toThrow(SandboxDriverError);
  });

  it('static_select in a message sends selected_option; respond(replace_original) replaces the message', async () => {
    h = await startHarness((app) => {
      app.action('env', async ({ ack, body, respond }) => {
        await ack();
        const action = (body as BlockAction).actions[0];
        const value = action?.type === 'static_select' ? action.selected_option.value : '?';
        await respond({ replace_original: true, text: `Environment: ${value}` });
      });
    });
    const posted = await h.app.client.chat.postMessage({ channel: INCIDENTS, text: 'pick', blocks: cardBlocks });
    await h.sandbox.selectOption({
      userId: ONCALL,
      channelId: INCIDENTS,
      messageTs: String(posted.ts),
      actionId: 'env',
      value: 'production',
    });
    const sandbox = h.sandbox;
    await sandbox.waitFor(() => sandbox.messages(INCIDENTS).find((m) => m.text === 'Environment: production'));
    expect(sandbox.messages(INCIDENTS)).toHaveLength(1);
    expect(sandbox.messages(INCIDENTS)[0]?.blocks).toBeUndefined();
  });

  it('buttons on an ephemeral message come without `message` and with is_ephemeral; delete_original removes it', async () => {
    let body: BlockAction | undefined;
    h = await startHarness((app) => {
      app.command('/runbook', async ({ ack }) => ack({ text: 'confirm?', blocks: cardBlocks }));
      app.action('start', async ({ ack, body: b, respond }) => {
        await ack();
        body = b as BlockAction;
        await respond({ delete_original: true });
      });
    });
    await h.sandbox.slashCommand({ userId: ONCALL, channelId: INCIDENTS, command: '/runbook', text: '' });
    const ephemeral = h.sandbox.ephemerals(ONCALL)[0];
    expect(ephemeral?.blocks).toBeDefined();
    await h.sandbox.clickButton({
      userId: ONCALL,
      channelId: INCIDENTS,
      messageTs: ephemeral?.ts ?? '',
      actionId: 'start',
    });
    const sandbox = h.sandbox;
    await sandbox.waitFor(() => sandbox.ephemerals(ONCALL).length === 0);
    expect(body?.container).toMatchObject({ type: 'message', is_ephemeral: true, message_ts: ephemeral?.ts });
    expect(body && 'message' in body).toBe(false);
  });

  it('a click that is acked too late is recorded against the message', async () => {
    h = await startHarness(
      (app) => {
        app.action('start', async ({ ack }) => {
          await new Promise((r) => setTimeout(r, 400));
          await ack();
        });
      },
      { ackTimeoutMs: 150 },
    );
    const posted = await h.app.client.chat.postMessage({ channel: INCIDENTS, text: 'x', blocks: cardBlocks });
    const outcome = await h.sandbox.clickButton({
      userId: ONCALL,
      channelId: INCIDENTS,
      messageTs: String(posted.ts),
      actionId: 'start',
    });
    expect(outcome.status).toBe('ack_timeout');
    expect(h.sandbox.failures()).toMatchObject([
      { kind: 'ack_timeout', envelopeType: 'interactive', messageTs: posted.ts, channelId: INCIDENTS, userId: ONCALL },
    ]);
    const sandbox = h.sandbox;
    const late = await sandbox.waitFor(() => sandbox.failures()[0]?.lateAckMs);
    expect(late).toBeGreaterThanOrEqual(350);
  });

  it('@mention delivers app_mention; the bot replies in the thread; a person’s thread reply delivers a message event', async () => {
    const seen: Record<string, unknown>[] = [];
    h = await startHarness((app) => {
      app.event('app_mention', async ({ event, client }) => {
        seen.push({ ...event });
        await client.chat.postMessage({ channel: event.channel, thread_ts: event.ts, text: 'On it.' });
      });
      app.message(async ({ message }) => {
        seen.push({ ...message });
      });
    });
    const { message, events } = await h.sandbox.mention({
      userId: ONCALL,
      channelId: INCIDENTS,
      text: 'what is happening?',
    });
    expect(events.map((e) => e.status)).toEqual(['acked']);
    const sandbox = h.sandbox;
    await sandbox.waitFor(() => sandbox.thread(INCIDENTS, message.ts).find((m) => m.text === 'On it.'));
    expect(seen[0]).toMatchObject({
      type: 'app_mention',
      user: ONCALL,
      text: '<@U0RUNBOOKBOT> what is happening?',
      channel: INCIDENTS,
      ts: message.ts,
    });
    // A top-level message without a mention is not delivered (the manifest subscribes to thread replies only).
    const plain = await sandbox.postAsUser({ userId: ONCALL, channelId: INCIDENTS, text: 'just chatting' });
    expect(plain.events).toEqual([]);
    const reply = await sandbox.postAsUser({
      userId: RESPONDER,
      channelId: INCIDENTS,
      text: 'the db is slow',
      threadTs: message.ts,
    });
    expect(reply.events.map((e) => e.status)).toEqual(['acked']);
    await sandbox.waitFor(() => seen.find((e) => e.type === 'message'));
    expect(seen.find((e) => e.type === 'message')).toMatchObject({
      user: RESPONDER,
      text: 'the db is slow',
      thread_ts: message.ts,
      channel_type: 'channel',
    });
    expect(sandbox.thread(INCIDENTS, message.ts).map((m) => m.text)).toEqual([
      '<@U0RUNBOOKBOT> what is happening?',
      'On it.',
      'the db is slow',
    ]);
  });

  it('the events_api wrapper carries event_id, authorizations and the rest of Slack’s fields', async () => {
    let envelope: Record<string, unknown> | undefined;
    h = await startHarness((app) => {
      app.event('app_mention', async ({ body }) => {
        envelope = body as unknown as Record<string, unknown>;
      });
    });
    await h.sandbox.mention({ userId: ONCALL, channelId: INCIDENTS, text: 'hi' });
    const sandbox = h.sandbox;
    await sandbox.waitFor(() => envelope);
    expect(envelope).toMatchObject({
      type: 'event_callback',
      team_id: 'T0SANDBOX',
      api_app_id: 'A0SANDBOX',
      event_id: expect.stringMatching(/^Ev/),
      event_time: expect.any(Number),
      authorizations: [{ team_id: 'T0SANDBOX', user_id: 'U0RUNBOOKBOT', is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    });
  });
});

describe('Bolt: rate limits through the real WebClient', () => {
  it('rejectRateLimitedCalls: the second post within a second throws WebAPIRateLimitedError with retryAfter', async () => {
    h = await startHarness(() => {});
    const client = new WebClient(h.sandbox.botToken, {
      slackApiUrl: h.sandbox.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    await client.chat.postMessage({ channel: OPS, text: 'one' });
    const error = await client.chat.postMessage({ channel: OPS, text: 'two' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 1 });
    expect(h.sandbox.stats().rateLimited).toBe(1);
  });

  it('a default client waits Retry-After and retries, so both posts land about a second apart', async () => {
    h = await startHarness(() => {});
    const client = new WebClient(h.sandbox.botToken, {
      slackApiUrl: h.sandbox.apiUrl,
      retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 },
      logLevel: LogLevel.ERROR,
    });
    await client.chat.postMessage({ channel: OPS, text: 'one' });
    await client.chat.postMessage({ channel: OPS, text: 'two' });
    const [one, two] = h.sandbox.messages(OPS);
    expect(two?.text).toBe('two');
    expect(Number(two?.ts) - Number(one?.ts)).toBeGreaterThanOrEqual(0.99);
    expect(h.sandbox.stats().rateLimited).toBe(1);
  });
});
