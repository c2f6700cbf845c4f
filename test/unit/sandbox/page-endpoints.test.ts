import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, INCIDENTS, ONCALL, RESPONDER, startHarness } from './bolt-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  if (!h) throw new Error('no harness');
  const res = await fetch(`${h.sandbox.url}/_sandbox/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A request with the Host header a browser sends after a DNS rebinding (fetch cannot set Host). */
function withHost(host: string, method: 'GET' | 'POST', path: string, body = ''): Promise<number> {
  const url = new URL(path, h!.sandbox.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers: { host, origin: `http://${host}`, 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function state(userId: string) {
  if (!h) throw new Error('no harness');
  return (await (await fetch(`${h.sandbox.url}/_sandbox/state?user=${userId}`)).json()) as Record<string, unknown>;
}

describe('the page’s endpoints (what the browser calls)', () => {
  it('the composer runs slash commands and turns @runbook into a real mention', async () => {
    h = await startHarness((app) => {
      app.command('/runbook', async ({ ack, command }) => ack({ text: `got ${command.text}` }));
      app.event('app_mention', async ({ event, say }) => {
        await say({ text: `mentioned with: ${event.text}`, thread_ts: event.ts });
      });
    });
    const command = await post('compose', { userId: ONCALL, channelId: INCIDENTS, text: '/runbook help me' });
    expect(command.body).toMatchObject({ ok: true, outcome: { status: 'acked' } });
    expect(h.sandbox.ephemerals(ONCALL).map((e) => e.text)).toEqual(['got help me']);
    await post('compose', {
      userId: ONCALL,
      channelId: INCIDENTS,
      text: '@runbook is <api> & db ok? cc @second.responder',
    });
    const sandbox = h.sandbox;
    const reply = await sandbox.waitFor(() => sandbox.messages(INCIDENTS).find((m) => m.replyCount > 0));
    expect(reply.text).toBe('<@U0RUNBOOKBOT> is &lt;api&gt; &amp; db ok? cc <@U0RESPOND2>');
    expect(sandbox.thread(INCIDENTS, reply.ts)[1]?.text).toContain('mentioned with: <@U0RUNBOOKBOT>');
  });

  it('an unknown command gets Slack’s own ephemeral, not an envelope', async () => {
    h = await startHarness(() => {});
    await post('compose', { userId: ONCALL, channelId: INCIDENTS, text: '/deploy now' });
    expect(h.sandbox.ephemerals(ONCALL)[0]).toMatchObject({
      from: 'slack',
      text: expect.stringContaining('/deploy is not a valid command'),
    });
    expect(h.sandbox.stats().envelopesDelivered).toBe(0);
  });

  it('state is per person: ephemerals and modals of others are not included', async () => {
    h = await startHarness((app) => app.command('/runbook', async ({ ack }) => ack({ text: 'for you only' })));
    await h.sandbox.slashCommand({ userId: ONCALL, channelId: INCIDENTS, command: '/runbook', text: '' });
    const mine = await state(ONCALL);
    const theirs = await state(RESPONDER);
    expect((mine.ephemerals as unknown[]).length).toBe(1);
    expect((theirs.ephemerals as unknown[]).length).toBe(0);
    expect(theirs.me).toBe(RESPONDER);
    expect(mine.connections).toBe(1);
  });

  it('refuses actions that are not same-origin JSON (no cross-site form posts)', async () => {
    h = await startHarness(() => {});
    const res = await fetch(`${h.sandbox.url}/_sandbox/compose`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'userId=U0ONCALL01&channelId=C0INCIDENTS&text=hi',
    });
    expect(res.status).toBe(403);
    const foreign = await post(
      'compose',
      { userId: ONCALL, channelId: INCIDENTS, text: 'hi' },
      { origin: 'http://evil.example' },
    );
    expect(foreign.status).toBe(403);
    expect(h.sandbox.messages(INCIDENTS)).toEqual([]);
  });

  it('answers only requests addressed to an IP or localhost: a DNS-rebound site can neither read nor act', async () => {
    h = await startHarness(() => {});
    const port = new URL(h.sandbox.url).port;
    const rebound = `attacker.example:${port}`;
    const act = JSON.stringify({ userId: ONCALL, channelId: INCIDENTS, text: 'approve everything' });
    expect(await withHost(rebound, 'POST', '/_sandbox/compose', act)).toBe(403);
    expect(await withHost(rebound, 'GET', `/_sandbox/state?user=${ONCALL}`)).toBe(403);
    expect(await withHost(rebound, 'GET', '/')).toBe(403);
    expect(h.sandbox.messages(INCIDENTS)).toEqual([]);
    expect(await withHost(`localhost:${port}`, 'POST', '/_sandbox/compose', act)).toBe(200);
    expect(await withHost(`127.0.0.1:${port}`, 'GET', '/')).toBe(200);
  });

  it('“Fire sample alert” calls onFireSampleAlert and returns its result', async () => {
    let fired = 0;
    h = await startHarness(() => {}, {
      onFireSampleAlert: async () => {
        fired += 1;
        return { ok: true, detail: 'delivery 202 Accepted' };
      },
    });
    const res = await post('fire-alert', {});
    expect(res.body).toEqual({ ok: true, result: { ok: true, detail: 'delivery 202 Accepted' } });
    expect(fired).toBe(1);
  });

  it('streams changes as Server-Sent Events', async () => {
    h = await startHarness(() => {});
    const controller = new AbortController();
    const res = await fetch(`${h.sandbox.url}/_sandbox/events`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await h.app.client.chat.postMessage({ channel: INCIDENTS, text: 'ping' });
    let text = '';
    while (!text.includes('"kind":"message"')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('event: change');
    controller.abort();
  });

  it('serves the page with a strict Content-Security-Policy', async () => {
    h = await startHarness(() => {});
    const page = await fetch(`${h.sandbox.url}/`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    // No other site may frame it (a lure over a framed Approve button).
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(await page.text()).toContain('data-testid="composer-input"');
    expect((await fetch(`${h.sandbox.url}/_sandbox/static/app.js`)).headers.get('content-type')).toContain(
      'javascript',
    );
    // Only the page's own files are served, not the sandbox's sources next to them.
    expect((await fetch(`${h.sandbox.url}/_sandbox/static/types.ts`)).status).toBe(404);
  });
});
