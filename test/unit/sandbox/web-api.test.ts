import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackSandbox, startSlackSandbox } from '../../../src/sandbox/index.js';

let sandbox: SlackSandbox;
beforeEach(async () => {
  sandbox = await startSlackSandbox();
});
afterEach(async () => sandbox.close());

const INCIDENTS = 'C0INCIDENTS';
const OPS = 'C0OPS000001';
const ONCALL = 'U0ONCALL01';

/** A raw Web API call the way WebClient makes it (form-encoded, JSON per structured field) or as JSON. */
async function api(
  method: string,
  args: Record<string, unknown> = {},
  options: { token?: string | null; json?: boolean } = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const token = options.token === undefined ? sandbox.botToken : options.token;
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string;
  if (options.json) {
    headers['content-type'] = 'application/json; charset=utf-8';
    body = JSON.stringify(args);
  } else {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(
      Object.entries(args).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    ).toString();
  }
  const res = await fetch(`${sandbox.apiUrl}${method}`, { method: 'POST', headers, body });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

describe('authentication', () => {
  it('answers not_authed without a token and invalid_auth for a token it never issued', async () => {
    expect((await api('chat.postMessage', { channel: INCIDENTS, text: 'x' }, { token: null })).body).toEqual({
      ok: false,
      error: 'not_authed',
    });
    expect((await api('chat.postMessage', { channel: INCIDENTS, text: 'x' }, { token: 'xoxb-forged' })).body).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
    expect(sandbox.messages(INCIDENTS)).toEqual([]);
  });

  it('rejects the app token on bot methods and the bot token on apps.connections.open', async () => {
    expect(
      (await api('chat.postMessage', { channel: INCIDENTS, text: 'x' }, { token: sandbox.appToken })).body.error,
    ).toBe('not_allowed_token_type');
    expect((await api('apps.connections.open', {}, { token: sandbox.botToken })).body.error).toBe(
      'not_allowed_token_type',
    );
  });

  it('auth.test returns what Bolt needs (user_id, bot_id, team_id)', async () => {
    const { body } = await api('auth.test');
    expect(body).toMatchObject({ ok: true, user_id: 'U0RUNBOOKBOT', bot_id: 'B0SANDBOX', team_id: 'T0SANDBOX' });
    expect(body.url).toBe(`${sandbox.url}/`);
  });

  it('apps.connections.open hands out a single-use ws:// URL on the sandbox host', async () => {
    const { body } = await api('apps.connections.open', {}, { token: sandbox.appToken });
    const url = String(body.url);
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=/);
    const { WebSocket } = await import('ws');
    const first = new WebSocket(url);
    const hello = await new Promise<Record<string, unknown>>((resolve) =>
      first.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)),
    );
    expect(hello).toMatchObject({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0SANDBOX' } });
    const second = new WebSocket(url);
    const rejected = await new Promise<boolean>((resolve) => {
      second.once('unexpected-response', () => resolve(true));
      second.once('open', () => resolve(false));
    });
    expect(rejected).toBe(true);
    first.close();
  });

  it('answers unknown_method for methods it does not know', async () => {
    expect((await api('chat.scheduleMessage', { channel: INCIDENTS })).body).toEqual({
      ok: false,
      error: 'unknown_method',
    });
  });
});

describe('chat.postMessage', () => {
  it('accepts form-encoded bodies with JSON-stringified blocks, and JSON bodies', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*form*' } }];
    const form = await api('chat.postMessage', { channel: INCIDENTS, text: 'form', blocks });
    const json = await api('chat.postMessage', { channel: OPS, text: 'json', blocks }, { json: true });
    expect(form.body).toMatchObject({ ok: true, channel: INCIDENTS, message: { text: 'form', bot_id: 'B0SANDBOX' } });
    expect(json.body).toMatchObject({ ok: true, channel: OPS });
    expect(sandbox.messages(INCIDENTS)[0]?.blocks?.[0]).toMatchObject({ type: 'section', text: { text: '*form*' } });
    // Slack fills in block_ids it was not given.
    expect(typeof sandbox.messages(OPS)[0]?.blocks?.[0]?.block_id).toBe('string');
  });

  it('returns string ts values that strictly increase, and accepts a channel name', async () => {
    const a = await api('chat.postMessage', { channel: INCIDENTS, text: 'a' });
    const b = await api('chat.postMessage', { channel: '#ops', text: 'b' });
    expect(a.body.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(b.body.channel).toBe(OPS);
    expect(Number(b.body.ts)).toBeGreaterThan(Number(a.body.ts));
  });

  it('answers channel_not_found, no_text and not_in_channel', async () => {
    expect((await api('chat.postMessage', { channel: 'C0NOPE', text: 'x' })).body.error).toBe('channel_not_found');
    expect((await api('chat.postMessage', { channel: INCIDENTS })).body.error).toBe('no_text');
    const lonely = await startSlackSandbox({
      channels: [{ id: 'C0PRIVATE1', name: 'secret', isPrivate: true, members: [ONCALL] }],
    });
    try {
      const res = await fetch(`${lonely.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${lonely.botToken}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'channel=C0PRIVATE1&text=hi',
      });
      expect(await res.json()).toEqual({ ok: false, error: 'not_in_channel' });
    } finally {
      await lonely.close();
    }
  });

  it('rejects invalid blocks with Slack-style json-pointer errors', async () => {
    const { status, body } = await api('chat.postMessage', {
      channel: INCIDENTS,
      text: 'x',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } }],
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      ok: false,
      error: 'invalid_blocks',
      errors: ['must be less than 3001 characters [json-pointer:/blocks/0/text/text]'],
      response_metadata: { messages: ['[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]'] },
    });
    expect(sandbox.messages(INCIDENTS)).toEqual([]);
  });

  it('answers invalid_blocks_format for blocks that are not JSON, and msg_blocks_too_long past the cumulative cap', async () => {
    expect((await api('chat.postMessage', { channel: INCIDENTS, blocks: '[{nope' })).body.error).toBe(
      'invalid_blocks_format',
    );
    const big = Array.from({ length: 5 }, () => ({
      type: 'section',
      text: { type: 'mrkdwn', text: 'z'.repeat(2900) },
    }));
    expect((await api('chat.postMessage', { channel: INCIDENTS, text: 'x', blocks: big })).body.error).toBe(
      'msg_blocks_too_long',
    );
  });

  it('truncates text beyond 40,000 characters with a message_truncated warning instead of rejecting', async () => {
    const { body } = await api('chat.postMessage', { channel: INCIDENTS, text: 'x'.repeat(40_010) });
    expect(body).toMatchObject({
      ok: true,
      warning: 'message_truncated',
      response_metadata: { warnings: ['message_truncated'] },
    });
    expect(sandbox.messages(INCIDENTS)[0]?.text.length).toBe(40_000);
  });

  it('threads replies under the parent, also when replying to a reply', async () => {
    const parent = await api('chat.postMessage', { channel: INCIDENTS, text: 'parent' });
    await new Promise((r) => setTimeout(r, 1000));
    const reply = await api('chat.postMessage', { channel: INCIDENTS, text: 'reply', thread_ts: parent.body.ts });
    await new Promise((r) => setTimeout(r, 1000));
    await api('chat.postMessage', { channel: INCIDENTS, text: 'reply 2', thread_ts: reply.body.ts });
    expect(reply.body.message).toMatchObject({ thread_ts: parent.body.ts, parent_user_id: 'U0RUNBOOKBOT' });
    expect(sandbox.messages(INCIDENTS).map((m) => m.text)).toEqual(['parent']);
    expect(sandbox.thread(INCIDENTS, String(parent.body.ts)).map((m) => m.text)).toEqual([
      'parent',
      'reply',
      'reply 2',
    ]);
    expect(sandbox.messages(INCIDENTS)[0]?.replyCount).toBe(2);
    expect((await api('chat.postMessage', { channel: OPS, text: 'x', thread_ts: '1.000001' })).body.error).toBe(
      'thread_not_found',
    );
  });
});

describe('rate limits', () => {
  it('answers a second post to a channel within a second with 429, Retry-After and ratelimited, and records it', async () => {
    const first = await api('chat.postMessage', { channel: INCIDENTS, text: 'one' });
    const second = await api('chat.postMessage', { channel: INCIDENTS, text: 'two' });
    const otherChannel = await api('chat.postMessage', { channel: OPS, text: 'elsewhere' });
    expect(first.status).toBe(200);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(second.body).toEqual({ ok: false, error: 'ratelimited' });
    expect(otherChannel.status).toBe(200);
    expect(sandbox.messages(INCIDENTS).map((m) => m.text)).toEqual(['one']);
    expect(sandbox.stats().rateLimited).toBe(1);
    expect(sandbox.failures()).toMatchObject([{ kind: 'rate_limited', channelId: INCIDENTS }]);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await api('chat.postMessage', { channel: INCIDENTS, text: 'three' })).status).toBe(200);
  });

  it('counts chat.update more than once a second on one message as a violation without rejecting it', async () => {
    const posted = await api('chat.postMessage', { channel: INCIDENTS, text: 'v0' });
    const u1 = await api('chat.update', { channel: INCIDENTS, ts: posted.body.ts, text: 'v1' });
    const u2 = await api('chat.update', { channel: INCIDENTS, ts: posted.body.ts, text: 'v2' });
    expect(u1.body.ok).toBe(true);
    expect(u2.body.ok).toBe(true);
    expect(sandbox.messages(INCIDENTS)[0]?.text).toBe('v2');
    expect(sandbox.stats().updateViolations).toBe(1);
    await new Promise((r) => setTimeout(r, 1000));
    await api('chat.update', { channel: INCIDENTS, ts: posted.body.ts, text: 'v3' });
    expect(sandbox.stats().updateViolations).toBe(1);
  });
});

describe('other methods', () => {
  it('chat.update answers message_not_found and cant_update_message (a person’s message)', async () => {
    expect((await api('chat.update', { channel: INCIDENTS, ts: '1.000001', text: 'x' })).body.error).toBe(
      'message_not_found',
    );
    const { message } = await sandbox.postAsUser({ userId: ONCALL, channelId: INCIDENTS, text: 'mine' });
    expect((await api('chat.update', { channel: INCIDENTS, ts: message.ts, text: 'x' })).body.error).toBe(
      'cant_update_message',
    );
  });

  it('chat.postEphemeral shows a message to one person; user_not_found / user_not_in_channel otherwise', async () => {
    const ok = await api('chat.postEphemeral', { channel: INCIDENTS, user: ONCALL, text: 'psst' });
    expect(ok.body).toMatchObject({ ok: true, message_ts: expect.stringMatching(/^\d+\.\d{6}$/) });
    expect(sandbox.ephemerals(ONCALL).map((e) => e.text)).toEqual(['psst']);
    expect(sandbox.ephemerals('U0RESPOND2')).toEqual([]);
    expect(sandbox.messages(INCIDENTS)).toEqual([]);
    expect((await api('chat.postEphemeral', { channel: INCIDENTS, user: 'U0NOBODY', text: 'x' })).body.error).toBe(
      'user_not_found',
    );
    const narrow = await startSlackSandbox({ channels: [{ id: 'C0SMALL', name: 'small', members: ['U0RUNBOOKBOT'] }] });
    try {
      const res = await fetch(`${narrow.apiUrl}chat.postEphemeral`, {
        method: 'POST',
        headers: { authorization: `Bearer ${narrow.botToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'C0SMALL', user: ONCALL, text: 'x' }),
      });
      expect(((await res.json()) as { error: string }).error).toBe('user_not_in_channel');
    } finally {
      await narrow.close();
    }
  });

  it('users.info and conversations.info describe the workspace', async () => {
    const user = await api('users.info', { user: ONCALL });
    expect(user.body).toMatchObject({
      ok: true,
      user: { id: ONCALL, name: 'oncall.engineer', profile: { display_name: 'On-call Engineer' } },
    });
    expect((await api('users.info', { user: 'U0NOBODY' })).body.error).toBe('user_not_found');
    const channel = await api('conversations.info', { channel: INCIDENTS });
    expect(channel.body).toMatchObject({ ok: true, channel: { id: INCIDENTS, name: 'incidents', is_member: true } });
    expect((await api('conversations.info', { channel: 'C0NOPE' })).body.error).toBe('channel_not_found');
  });

  it('reactions.add adds once, then already_reacted; invalid_name for bad names', async () => {
    const posted = await api('chat.postMessage', { channel: INCIDENTS, text: 'hi' });
    expect((await api('reactions.add', { channel: INCIDENTS, timestamp: posted.body.ts, name: 'eyes' })).body).toEqual({
      ok: true,
    });
    expect(
      (await api('reactions.add', { channel: INCIDENTS, timestamp: posted.body.ts, name: 'eyes' })).body.error,
    ).toBe('already_reacted');
    expect(
      (await api('reactions.add', { channel: INCIDENTS, timestamp: posted.body.ts, name: ':eyes:' })).body.error,
    ).toBe('invalid_name');
    expect((await api('reactions.add', { channel: INCIDENTS, timestamp: '1.000001', name: 'eyes' })).body.error).toBe(
      'message_not_found',
    );
    expect(sandbox.messages(INCIDENTS)[0]?.reactions).toEqual([{ name: 'eyes', users: ['U0RUNBOOKBOT'], count: 1 }]);
  });

  it('views.open needs a trigger_id the sandbox issued; views.* report bad views as invalid_arguments', async () => {
    const view = { type: 'modal', title: { type: 'plain_text', text: 'T' }, blocks: [] };
    expect((await api('views.open', { trigger_id: '1.2.abc', view })).body.error).toBe('invalid_trigger_id');
    const bad = await api('views.publish', {
      user_id: ONCALL,
      view: { type: 'home', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'x' } }] },
    });
    expect(bad.body).toEqual({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] must be a valid enum value [json-pointer:/view/blocks/0/text/type]'] },
    });
    expect((await api('views.update', { view_id: 'V0NOPE', view })).body.error).toBe('not_found');
    expect(
      (await api('views.open', { trigger_id: '1.2.abc', view: { ...view, blocks: 'x'.repeat(260_000) } })).body.error,
    ).toBe('view_too_large');
  });

  it('views.publish answers not_enabled when the Home tab is off, and hash_conflict on a stale hash', async () => {
    const home = { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }] };
    const first = await api('views.publish', { user_id: ONCALL, view: home });
    expect(first.body).toMatchObject({ ok: true, view: { type: 'home', hash: expect.any(String) } });
    expect((await api('views.publish', { user_id: ONCALL, view: home, hash: 'stale' })).body.error).toBe(
      'hash_conflict',
    );
    const off = await startSlackSandbox({ homeTabEnabled: false });
    try {
      const res = await fetch(`${off.apiUrl}views.publish`, {
        method: 'POST',
        headers: { authorization: `Bearer ${off.botToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ user_id: ONCALL, view: home }),
      });
      expect(((await res.json()) as { error: string }).error).toBe('not_enabled');
    } finally {
      await off.close();
    }
  });

  it('reads history and threads back, opens DMs, finds people by email, deletes and links messages', async () => {
    const parent = await api('chat.postMessage', { channel: INCIDENTS, text: 'parent' });
    const { message } = await sandbox.postAsUser({
      userId: ONCALL,
      channelId: INCIDENTS,
      text: 'reply',
      threadTs: String(parent.body.ts),
    });
    const history = await api('conversations.history', { channel: INCIDENTS });
    expect(
      (history.body.messages as { text: string; reply_count?: number }[]).map((m) => [m.text, m.reply_count]),
    ).toEqual([['parent', 1]]);
    const replies = await api('conversations.replies', { channel: INCIDENTS, ts: message.ts });
    expect((replies.body.messages as { text: string }[]).map((m) => m.text)).toEqual(['parent', 'reply']);
    const dm = await api('conversations.open', { users: ONCALL });
    const dmId = (dm.body.channel as { id: string }).id;
    expect((await api('chat.postMessage', { channel: dmId, text: 'hello in private' })).body.ok).toBe(true);
    expect(sandbox.messages(dmId).map((m) => m.text)).toEqual(['hello in private']);
    expect((await api('users.lookupByEmail', { email: 'oncall@sandbox.example' })).body).toMatchObject({
      user: { id: ONCALL },
    });
    const link = await api('chat.getPermalink', { channel: INCIDENTS, message_ts: parent.body.ts });
    expect(link.body.permalink).toBe(
      `${sandbox.url}/archives/${INCIDENTS}/p${String(parent.body.ts).replace('.', '')}`,
    );
    // A parent with replies leaves a placeholder, as in Slack.
    await api('chat.delete', { channel: INCIDENTS, ts: parent.body.ts });
    expect(sandbox.messages(INCIDENTS)[0]?.text).toBe('This message was deleted.');
    expect((await api('chat.delete', { channel: INCIDENTS, ts: message.ts })).body.error).toBe('cant_delete_message');
  });

  it('records every call with its args (structured fields decoded) and response', async () => {
    await api('chat.postMessage', { channel: INCIDENTS, text: 'x', blocks: [{ type: 'divider' }] });
    await api('chat.postMessage', { channel: 'C0NOPE', text: 'x' });
    const calls = sandbox.calls('chat.postMessage');
    expect(calls).toHaveLength(2);
    expect(calls[0]?.args.blocks).toEqual([{ type: 'divider' }]);
    expect(calls[0]?.tokenKind).toBe('bot');
    expect(calls[1]?.response).toEqual({ ok: false, error: 'channel_not_found' });
    expect(sandbox.stats().calls['chat.postMessage']).toBe(2);
  });
});
