import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackSandbox, startSlackSandbox } from '../../../src/sandbox/index.js';

/** Posts as the app does: form-encoded, bot token. */
async function post(sandbox: SlackSandbox, text: string) {
  const res = await fetch(`${sandbox.apiUrl}chat.postMessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${sandbox.botToken}` },
    body: new URLSearchParams({ channel: 'C0OPS000001', text }).toString(),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as { ok: boolean; error?: string },
  };
}

describe('sandbox fault injection', () => {
  let sandbox: SlackSandbox;
  beforeAll(async () => {
    sandbox = await startSlackSandbox();
  });
  afterAll(async () => sandbox.close());

  it('answers 429 with Retry-After, and nothing is posted', async () => {
    sandbox.injectFaults({ rateLimit: 1, retryAfterSeconds: 2 });
    const r = await post(sandbox, 'one');
    expect(r).toEqual({ status: 429, retryAfter: '2', body: { ok: false, error: 'ratelimited' } });
    expect(sandbox.messages('C0OPS000001')).toEqual([]);
  });

  it('answers 5xx before the call runs, or after it ran (a lost response)', async () => {
    sandbox.injectFaults({ serverError: 1 });
    expect((await post(sandbox, 'two')).status).toBe(503);
    expect(sandbox.messages('C0OPS000001')).toEqual([]);
    sandbox.injectFaults({ lostResponse5xx: 1 });
    expect((await post(sandbox, 'three')).status).toBe(503);
    expect(sandbox.messages('C0OPS000001').map((m) => m.text)).toEqual(['three']);
    expect(sandbox.faultStats()).toEqual({ rateLimited: 1, serverErrors: 1, lostResponses: 1 });
  });

  it('is off once cleared, and can be switched over HTTP by a process that does not hold the sandbox', async () => {
    sandbox.injectFaults({});
    await new Promise((r) => setTimeout(r, 1100));
    expect((await post(sandbox, 'four')).status).toBe(200);
    const set = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ spec: { rateLimit: 1, methods: ['chat.postMessage'] } }),
    });
    expect(((await set.json()) as { ok: boolean }).ok).toBe(true);
    expect((await post(sandbox, 'five')).status).toBe(429);
    const stats = (await (await fetch(`${sandbox.url}/_sandbox/faults`)).json()) as { stats: { rateLimited: number } };
    expect(stats.stats.rateLimited).toBe(2);
  });
});
