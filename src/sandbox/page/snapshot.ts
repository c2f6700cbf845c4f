import type { SandboxStore } from '../store.js';
import type { JsonObject, SandboxMessage } from '../types.js';

const RECENT_FAILURES = 30;
const RECENT_EVENTS = 20;

/** Everything the page draws for one person, in one JSON document. */
export function pageSnapshot(store: SandboxStore, userId: string, fireAlertAvailable: boolean): JsonObject {
  const o = store.options;
  const visible = [...store.channels.values()].filter((c) =>
    c.isIm ? c.imUser === userId : !c.isPrivate || c.members.has(userId),
  );
  const messages: Record<string, JsonObject[]> = {};
  for (const channel of visible) messages[channel.id] = store.allMessages(channel.id).map((m) => pageMessage(store, m));
  const home = store.homeViews.get(userId);
  return {
    workspace: {
      teamId: o.teamId,
      teamName: o.teamName,
      botUserId: o.botUserId,
      botName: o.botName,
      commands: o.commands,
      ackTimeoutMs: o.ackTimeoutMs,
      fireAlertAvailable,
    },
    me: userId,
    users: [...store.users.values()].map((u) => ({
      id: u.id,
      name: u.name,
      displayName: u.displayName,
      title: u.title ?? '',
    })),
    channels: visible.map((c) => ({
      id: c.id,
      name: c.name,
      isPrivate: c.isPrivate,
      isIm: c.isIm,
      isMember: c.members.has(userId),
      botIsMember: c.members.has(o.botUserId),
    })),
    messages,
    ephemerals: store.ephemerals.filter((e) => e.user === userId),
    modalStack: store.modalStack(userId).map((v) => ({
      id: v.id,
      definition: v.definition,
      hash: v.hash,
      errors: v.errors ?? {},
      connectionError: v.connectionError ?? null,
    })),
    home: home ? { id: home.id, definition: home.definition, hash: home.hash } : null,
    failures: store.failures.slice(-RECENT_FAILURES).reverse(),
    events: store.eventDeliveries.slice(-RECENT_EVENTS).reverse(),
    stats: {
      calls: store.callCounts,
      rateLimited: store.counters.rateLimited,
      updateViolations: store.counters.updateViolations,
      ackTimeouts: store.counters.ackTimeouts,
    },
    connections: store.connections,
  };
}

function pageMessage(store: SandboxStore, m: SandboxMessage): JsonObject {
  const author = store.users.get(m.user);
  return {
    ts: m.ts,
    threadTs: m.threadTs ?? null,
    user: m.user,
    author: m.botId ? store.options.botName : (author?.displayName ?? m.user),
    isBot: Boolean(m.botId),
    text: m.text,
    blocks: m.blocks ?? null,
    replyCount: m.replyCount,
    broadcast: m.broadcast ?? false,
    edited: Boolean(m.edited),
    reactions: m.reactions,
  };
}
