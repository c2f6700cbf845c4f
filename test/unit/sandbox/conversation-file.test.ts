import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { KEPT_MESSAGES, newestThreads } from '../../../src/sandbox/conversation-file.js';
import { type SlackSandbox, startSlackSandbox } from '../../../src/sandbox/index.js';

const folder = mkdtempSync(path.join(tmpdir(), 'rbc-sandbox-conversation-'));
const file = path.join(folder, 'nested', 'conversation.json');
let open: SlackSandbox[] = [];

async function sandboxWithFile(): Promise<{ sandbox: SlackSandbox; client: WebClient }> {
  const sandbox = await startSlackSandbox({ conversationFile: file, rateLimit: { postsPerChannelPerSecond: 100 } });
  open.push(sandbox);
  return {
    sandbox,
    client: new WebClient(sandbox.botToken, { slackApiUrl: sandbox.apiUrl, retryConfig: { retries: 0 } }),
  };
}

afterEach(async () => {
  for (const sandbox of open) await sandbox.close();
  open = [];
});

describe('the sandbox conversation kept in a file', () => {
  it('comes back after a restart: channel messages, threads with their reply counts, edits and DMs', async () => {
    rmSync(folder, { recursive: true, force: true });
    const first = await sandboxWithFile();
    const parent = await first.client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'Runbook matched' });
    await first.client.chat.postMessage({ channel: 'C0INCIDENTS', thread_ts: parent.ts!, text: 'Step 1/2' });
    await first.client.chat.update({ channel: 'C0INCIDENTS', ts: parent.ts!, text: 'Runbook matched (started)' });
    const dm = await first.client.conversations.open({ users: 'U0ONCALL01' });
    await first.client.chat.postMessage({ channel: dm.channel!.id!, text: 'Welcome' });
    await first.sandbox.close(); // writes what is pending

    const second = await sandboxWithFile();
    const history = await second.client.conversations.history({ channel: 'C0INCIDENTS' });
    expect(history.messages?.map((m) => [m.text, m.reply_count])).toEqual([['Runbook matched (started)', 1]]);
    const thread = await second.client.conversations.replies({ channel: 'C0INCIDENTS', ts: parent.ts! });
    expect(thread.messages?.map((m) => m.text)).toEqual(['Runbook matched (started)', 'Step 1/2']);
    const dmHistory = await second.client.conversations.history({ channel: dm.channel!.id! });
    expect(dmHistory.messages?.map((m) => m.text)).toEqual(['Welcome']);
    // New messages still get later timestamps than the kept ones.
    const next = await second.client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'Another alert' });
    expect(Number(next.ts)).toBeGreaterThan(Number(parent.ts));
    expect(readdirSync(path.dirname(file))).toEqual(['conversation.json']); // no half-written file left
  });

  it('sets an unreadable file aside and starts with an empty page', async () => {
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{"version":1,"messages":[{"chan');
    const { client } = await sandboxWithFile();
    expect((await client.conversations.history({ channel: 'C0INCIDENTS' })).messages).toEqual([]);
    expect(readdirSync(path.dirname(file))).toEqual([expect.stringMatching(/^conversation\.json\.unreadable-\d+$/)]);
  });

  it('starts empty without a file, and memory-only without the option', async () => {
    rmSync(folder, { recursive: true, force: true });
    const { client } = await sandboxWithFile();
    expect((await client.conversations.history({ channel: 'C0INCIDENTS' })).messages).toEqual([]);
    const plain = await startSlackSandbox();
    open.push(plain);
    expect(plain.messages('C0INCIDENTS')).toEqual([]);
  });
});

describe('the newest threads the file keeps', () => {
  const message = (ts: string, threadTs?: string) =>
    ({
      channel: 'C0INCIDENTS',
      ts,
      threadTs,
      text: ts,
      user: 'U1',
      replyCount: 0,
      replyUsers: [],
      reactions: [],
    }) as never;

  it('keeps whole threads, newest activity first, within the cap', () => {
    const old = [message('1.0', '1.0'), message('1.5', '1.0'), message('1.6', '1.0')];
    const busy = [message('2.0', '2.0'), message('9.0', '2.0')]; // an older parent with a recent reply
    const recent = [message('5.0'), message('6.0')];
    const kept = newestThreads([...old, ...busy, ...recent], 4);
    expect(kept.map((m: { ts: string }) => m.ts)).toEqual(['2.0', '5.0', '6.0', '9.0']);
  });

  it('keeps everything under the cap as it is', () => {
    const all = [message('1.0'), message('2.0')];
    expect(newestThreads(all, KEPT_MESSAGES)).toBe(all);
  });
});
