import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SandboxStore } from './store.js';
import type { SandboxMessage } from './types.js';

/** What the file holds: the messages, and the people who had a DM with the app. */
interface ConversationSnapshot {
  version: 1;
  dmUsers: string[];
  messages: SandboxMessage[];
}

/** Writes are coalesced: a run's burst of posts and edits becomes one write. */
const WRITE_DELAY_MS = 100;
/** The file keeps the newest threads up to about this many messages, so it (and a restart) stays small. */
export const KEPT_MESSAGES = 5_000;

/**
 * Keeps the sandbox's conversation in a JSON file for the product's lifetime, so a restart
 * of `npm start` shows the page as it was. Ephemerals, modals and the Home tab are not kept:
 * Slack does not keep them across a reload either.
 */
export function keepConversationInFile(store: SandboxStore, file: string): { close(): void } {
  restore(store, file);
  let timer: NodeJS.Timeout | null = null;
  const write = () => {
    timer = null;
    writeSnapshot(store, file);
  };
  const onChange = (change: { kind: string }) => {
    if (change.kind !== 'message' || timer) return;
    timer = setTimeout(write, WRITE_DELAY_MS);
    timer.unref();
  };
  store.events.on('change', onChange);
  return {
    close() {
      store.events.off('change', onChange);
      if (timer) {
        clearTimeout(timer);
        write();
      }
    },
  };
}

function restore(store: SandboxStore, file: string): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const snapshot = parseSnapshot(text);
  if (!snapshot) {
    // Only a display of past messages: keep the unreadable file aside and start with an empty page.
    const aside = `${file}.unreadable-${Date.now()}`;
    renameSync(file, aside);
    store.options.logger.warn({ file, aside }, 'slack sandbox: conversation file unreadable; starting empty');
    return;
  }
  for (const user of snapshot.dmUsers) if (store.users.has(user)) store.imChannelFor(user);
  store.restoreMessages(snapshot.messages.filter((m) => store.channels.has(m.channel)));
  store.options.logger.info({ file, messages: snapshot.messages.length }, 'slack sandbox: conversation restored');
}

function parseSnapshot(text: string): ConversationSnapshot | null {
  try {
    const parsed = JSON.parse(text) as Partial<ConversationSnapshot>;
    if (parsed.version !== 1 || !Array.isArray(parsed.messages) || !Array.isArray(parsed.dmUsers)) return null;
    return parsed as ConversationSnapshot;
  } catch {
    return null;
  }
}

/** Written beside the file and renamed over it, so a crash mid-write never leaves half a file. */
function writeSnapshot(store: SandboxStore, file: string): void {
  const dmUsers = [...store.channels.values()].flatMap((c) => (c.isIm && c.imUser ? [c.imUser] : []));
  const messages = newestThreads(store.everyMessage(), KEPT_MESSAGES);
  const snapshot: ConversationSnapshot = { version: 1, dmUsers, messages };
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  writeFileSync(partial, JSON.stringify(snapshot));
  renameSync(partial, file);
}

/**
 * The newest whole threads (a parent with all its replies) that fit in `max` messages; older
 * threads are left out whole, so no reply is kept without its parent.
 */
export function newestThreads(messages: SandboxMessage[], max: number): SandboxMessage[] {
  if (messages.length <= max) return messages;
  const threads = new Map<string, SandboxMessage[]>();
  for (const m of messages) {
    const key = `${m.channel}:${m.threadTs ?? m.ts}`;
    threads.set(key, [...(threads.get(key) ?? []), m]);
  }
  const newestFirst = [...threads.values()].sort((a, b) => Number(lastTs(b)) - Number(lastTs(a)));
  const kept: SandboxMessage[] = [];
  for (const thread of newestFirst) {
    if (kept.length + thread.length > max) break;
    kept.push(...thread);
  }
  return kept.sort((a, b) => Number(a.ts) - Number(b.ts));
}

function lastTs(thread: SandboxMessage[]): string {
  return thread.reduce((latest, m) => (Number(m.ts) > Number(latest) ? m.ts : latest), '0');
}
