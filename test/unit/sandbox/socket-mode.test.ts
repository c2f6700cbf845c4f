import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type SlackSandbox, startSlackSandbox } from '../../../src/sandbox/index.js';
import { createBoltApp, type Harness, INCIDENTS, ONCALL, startHarness, stopApp } from './bolt-harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Frame = Record<string, unknown> & { payload?: Record<string, unknown> };

/** A bare Socket Mode client that records frames and acks only when told to. */
async function rawClient(sandbox: SlackSandbox, shouldAck: (frame: Frame) => boolean) {
  const res = await fetch(`${sandbox.apiUrl}apps.connections.open`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sandbox.appToken}`, 'content-type': 'application/x-www-form-urlencoded' },
  });
  const { url } = (await res.json()) as { url: string };
  const frames: Frame[] = [];
  const ws = new WebSocket(url);
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Frame;
    frames.push(frame);
    if (typeof frame.envelope_id === 'string' && shouldAck(frame))
      ws.send(JSON.stringify({ envelope_id: frame.envelope_id, payload: {} }));
  });
  await new Promise((resolve) => ws.once('open', resolve));
  cleanups.push(() => ws.close());
  return { ws, frames };
}

describe('Socket Mode protocol', () => {
  it('sends hello first, then envelopes with Slack’s fields', async () => {
    const sandbox = await startSlackSandbox({ ackTimeoutMs: 300 });
    cleanups.push(() => sandbox.close());
    const client = await rawClient(sandbox, () => true);
    await sandbox.waitFor(() => client.frames.length >= 1);
    await sandbox.slashCommand({ userId: ONCALL, channelId: INCIDENTS, command: '/runbook', text: 'x' });
    expect(client.frames[0]).toMatchObject({
      type: 'hello',
      num_connections: 1,
      connection_info: { app_id: 'A0SANDBOX' },
      debug_info: { host: expect.any(String) },
    });
    expect(client.frames[1]).toMatchObject({
      envelope_id: expect.any(String),
      type: 'slash_commands',
      accepts_response_payload: true,
      retry_attempt: 0,
      retry_reason: '',
      payload: { command: '/runbook' },
    });
  });

  it('redelivers an unacked events_api envelope with retry_attempt and retry_reason "timeout", same event_id', async () => {
    const sandbox = await startSlackSandbox({ ackTimeoutMs: 100, eventRetryDelaysMs: [0, 50, 50] });
    cleanups.push(() => sandbox.close());
    let seen = 0;
    const client = await rawClient(sandbox, (frame) => frame.type === 'events_api' && ++seen === 3);
    const { events } = await sandbox.mention({ userId: ONCALL, channelId: INCIDENTS, text: 'help' });
    expect(events[0]?.status).toBe('ack_timeout');
    const deliveries = await sandbox.waitFor(() => {
      const found = client.frames.filter((f) => f.type === 'events_api');
      return found.length >= 3 ? found : undefined;
    });
    expect(deliveries.map((f) => [f.retry_attempt, f.retry_reason])).toEqual([
      [0, ''],
      [1, 'timeout'],
      [2, 'timeout'],
    ]);
    const eventIds = new Set(deliveries.map((f) => f.payload?.event_id));
    expect(eventIds.size).toBe(1);
    expect(new Set(deliveries.map((f) => f.envelope_id)).size).toBe(3);
    // Acked on the third try: no more deliveries, no failure.
    await new Promise((r) => setTimeout(r, 300));
    expect(client.frames.filter((f) => f.type === 'events_api')).toHaveLength(3);
    expect(sandbox.failures().filter((f) => f.kind === 'event_not_acked')).toEqual([]);
  });

  it('gives up after the last retry and records event_not_acked', async () => {
    const sandbox = await startSlackSandbox({ ackTimeoutMs: 50, eventRetryDelaysMs: [0, 10] });
    cleanups.push(() => sandbox.close());
    const client = await rawClient(sandbox, () => false);
    await sandbox.openHome({ userId: ONCALL });
    const failure = await sandbox.waitFor(() => sandbox.failures().find((f) => f.kind === 'event_not_acked'));
    expect(failure.description).toContain('app_home_opened');
    expect(client.frames.filter((f) => f.type === 'events_api')).toHaveLength(3);
  });

  it('hands each envelope to exactly one of several connections', async () => {
    const sandbox = await startSlackSandbox();
    cleanups.push(() => sandbox.close());
    const a = await rawClient(sandbox, () => true);
    const b = await rawClient(sandbox, () => true);
    await sandbox.waitFor(() => b.frames.length >= 1);
    expect(b.frames[0]).toMatchObject({ type: 'hello', num_connections: 2 });
    for (let i = 0; i < 30; i += 1)
      await sandbox.slashCommand({ userId: ONCALL, channelId: INCIDENTS, command: '/runbook', text: String(i) });
    const texts = (client: { frames: Frame[] }) =>
      client.frames.filter((f) => f.type === 'slash_commands').map((f) => f.payload?.text);
    expect([...texts(a), ...texts(b)].sort()).toEqual(Array.from({ length: 30 }, (_, i) => String(i)).sort());
    // Arbitrary, not sticky: with 30 random picks both connections get some (p of failing ≈ 2e-9).
    expect(texts(a).length).toBeGreaterThan(0);
    expect(texts(b).length).toBeGreaterThan(0);
  });
});

describe('Bolt reconnects', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('after a refresh_requested disconnect, Bolt opens a new connection and keeps working', async () => {
    h = await startHarness(
      (app) => {
        app.command('/runbook', async ({ ack }) => ack({ text: 'still here' }));
      },
      {},
      { clientPingTimeout: 300 },
    );
    const sandbox = h.sandbox;
    expect(sandbox.disconnectAll('refresh_requested')).toBe(1);
    await sandbox.waitFor(() => sandbox.connections() === 0, { description: 'the client closed its socket' });
    await sandbox.waitFor(() => sandbox.connections() === 1, { timeoutMs: 5000, description: 'Bolt reconnected' });
    expect(sandbox.calls('apps.connections.open')).toHaveLength(2);
    const outcome = await sandbox.slashCommand({ userId: ONCALL, channelId: INCIDENTS, command: '/runbook', text: '' });
    expect(outcome.status).toBe('acked');
    expect(sandbox.ephemerals(ONCALL).map((e) => e.text)).toEqual(['still here']);
  });

  it('after the connection is cut without a disconnect frame, Bolt reconnects too', async () => {
    h = await startHarness((app) => app.command('/runbook', async ({ ack }) => ack()), {}, { clientPingTimeout: 300 });
    const sandbox = h.sandbox;
    expect(sandbox.dropConnections()).toBe(1);
    await sandbox.waitFor(() => sandbox.calls('apps.connections.open').length === 2 && sandbox.connections() === 1, {
      timeoutMs: 5000,
    });
    const outcome = await sandbox.slashCommand({ userId: ONCALL, channelId: INCIDENTS, command: '/runbook', text: '' });
    expect(outcome.status).toBe('acked');
  });

  it('two Bolt replicas share the work: each command is handled once', async () => {
    const handled: string[] = [];
    h = await startHarness((app) => {
      app.command('/runbook', async ({ ack, command }) => {
        handled.push(`a:${command.text}`);
        await ack();
      });
    });
    const second = createBoltApp(h.sandbox);
    second.command('/runbook', async ({ ack, command }) => {
      handled.push(`b:${command.text}`);
      await ack();
    });
    await second.start();
    const sandbox = h.sandbox;
    try {
      expect(sandbox.connections()).toBe(2);
      for (let i = 0; i < 20; i += 1)
        await sandbox.slashCommand({ userId: ONCALL, channelId: INCIDENTS, command: '/runbook', text: String(i) });
      expect(handled).toHaveLength(20);
      expect(new Set(handled.map((x) => x.split(':')[1])).size).toBe(20);
    } finally {
      // Stop replicas before the sandbox goes away, or they try to reconnect to nothing.
      await stopApp(sandbox, second);
    }
  });
});
