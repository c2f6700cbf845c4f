import type { SlashCommand } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxDriverError } from '../../../src/sandbox/index.js';
import { type Harness, INCIDENTS, ONCALL, RESPONDER, startHarness } from './bolt-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('Bolt over Socket Mode: start and slash commands', () => {
  it('connects: Bolt starts only after hello, and the sandbox counts the connection', async () => {
    h = await startHarness(() => {});
    expect(h.sandbox.connections()).toBe(1);
    expect(h.sandbox.calls('auth.test').length).toBeGreaterThanOrEqual(1);
    expect(h.sandbox.calls('apps.connections.open')).toHaveLength(1);
  });

  it('delivers the slash command payload Slack sends, and an ack with text shows an ephemeral to that person only', async () => {
    let received: SlashCommand | undefined;
    h = await startHarness((app) => {
      app.command('/runbook', async ({ ack, command }) => {
        received = command;
        await ack({ text: `Runbook help for ${command.text}` });
      });
    });
    const outcome = await h.sandbox.slashCommand({
      userId: ONCALL,
      channelId: INCIDENTS,
      command: '/runbook',
      text: 'help',
    });
    expect(outcome).toMatchObject({
      status: 'acked',
      type: 'slash_commands',
      ackPayload: { text: 'Runbook help for help' },
    });
    expect(received).toMatchObject({
      command: '/runbook',
      text: 'help',
      user_id: ONCALL,
      user_name: 'oncall.engineer',
      channel_id: INCIDENTS,
      channel_name: 'incidents',
      team_id: 'T0SANDBOX',
      api_app_id: 'A0SANDBOX',
      is_enterprise_install: 'false',
      trigger_id: outcome.triggerId,
      response_url: outcome.responseUrl,
    });
    expect(received?.response_url.startsWith(`${h.sandbox.url}/respond/`)).toBe(true);
    expect(h.sandbox.ephemerals(ONCALL).map((e) => e.text)).toEqual(['Runbook help for help']);
    expect(h.sandbox.ephemerals(RESPONDER)).toEqual([]);
    expect(h.sandbox.messages(INCIDENTS)).toEqual([]);
  });

  it('an in_channel ack shows the command and the reply in the channel', async () => {
    h = await startHarness((app) => {
      app.command('/runbook', async ({ ack }) => ack({ response_type: 'in_channel', text: 'Everyone sees this' }));
    });
    await h.sandbox.slashCommand({ userId: ONCALL, channelId: INCIDENTS, command: '/runbook', text: 'status' });
    expect(h.sandbox.messages(INCIDENTS).map((m) => [m.user, m.text])).toEqual([
      [ONCALL, '/runbook status'],
      ['U0RUNBOOKBOT', 'Everyone sees this'],
    ]);
  });

  it('respond() posts to the response_url: ephemeral by default, in_channel when asked', async () => {
    h = await startHarness((app) => {
      app.command('/runbook', async ({ ack, respond }) => {
        await ack();
        await respond('working on it');
        await respond({
          response_type: 'in_channel',
          text: 'done',
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*done*' } }],
        });
      });
    });
    await h.sandbox.slashCommand({ userId: ONCALL, channelId: INCIDENTS, command: '/runbook', text: 'run' });
    const sandbox = h.sandbox;
    await sandbox.waitFor(() => sandbox.messages(INCIDENTS).find((m) => m.text === 'done'));
    expect(sandbox.ephemerals(ONCALL).map((e) => e.text)).toEqual(['working on it']);
    expect(sandbox.messages(INCIDENTS)[0]?.blocks?.[0]).toMatchObject({ text: { text: '*done*' } });
    expect(sandbox.calls('response_url').map((c) => c.status)).toEqual([200, 200]);
  });

  it('respond() with invalid blocks fails in Bolt (HTTP 400 from the response_url) and is recorded', async () => {
    let error: unknown;
    h = await startHarness((app) => {
      app.command('/runbook', async ({ ack, respond }) => {
        await ack();
        try {
          await respond({
            text: 'x',
            blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'no' } } as unknown as KnownBlock],
          });
        } catch (e) {
          error = e;
        }
      });
    });
    await h.sandbox.slashCommand({ userId: ONCALL, channelId: INCIDENTS, command: '/runbook', text: '' });
    const sandbox = h.sandbox;
    await sandbox.waitFor(() => error);
    expect(String(error)).toContain('400');
    expect(sandbox.failures()).toMatchObject([
      { kind: 'response_url_error', description: expect.stringContaining('invalid_blocks') },
    ]);
  });

  it('an ack later than the budget is a user-visible failure: Slack says operation_timeout', async () => {
    h = await startHarness(
      (app) => {
        app.command('/runbook', async ({ ack }) => {
          await new Promise((r) => setTimeout(r, 500));
          await ack({ text: 'too late' });
        });
      },
      { ackTimeoutMs: 200 },
    );
    const outcome = await h.sandbox.slashCommand({
      userId: ONCALL,
      channelId: INCIDENTS,
      command: '/runbook',
      text: 'slow',
    });
    expect(outcome.status).toBe('ack_timeout');
    expect(h.sandbox.ephemerals(ONCALL).map((e) => [e.from, e.text])).toEqual([
      ['slack', '/runbook failed with the error "operation_timeout"'],
    ]);
    const sandbox = h.sandbox;
    const failure = await sandbox.waitFor(() => sandbox.failures().find((f) => f.lateAckMs !== undefined));
    expect(failure).toMatchObject({ kind: 'ack_timeout', envelopeType: 'slash_commands', userId: ONCALL });
    expect(failure.lateAckMs).toBeGreaterThanOrEqual(400);
    // The late ack's text is never shown.
    expect(sandbox.ephemerals(ONCALL).some((e) => e.text === 'too late')).toBe(false);
    expect(sandbox.stats().ackTimeouts).toBe(1);
  });

  it('with no app connected, the command fails with dispatch_failed', async () => {
    h = await startHarness(() => {});
    await h.app.stop();
    const sandbox = h.sandbox;
    await sandbox.waitFor(() => sandbox.connections() === 0);
    const outcome = await sandbox.slashCommand({ userId: ONCALL, channelId: INCIDENTS, command: '/runbook', text: '' });
    expect(outcome.status).toBe('no_connection');
    expect(sandbox.failures()).toMatchObject([{ kind: 'dispatch_failed' }]);
    expect(sandbox.ephemerals(ONCALL)[0]?.text).toBe('/runbook failed with the error "dispatch_failed"');
  });

  it('a command the app did not register is refused like Slack does', async () => {
    h = await startHarness(() => {});
    await expect(
      h.sandbox.slashCommand({ userId: ONCALL, channelId: INCIDENTS, command: '/nope', text: '' }),
    ).rejects.toThrow(SandboxDriverError);
  });
});
