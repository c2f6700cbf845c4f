import { newClientMsgId } from './ids.js';
import type { SandboxStore } from './store.js';
import type { JsonObject, MessageSource, SandboxMessage } from './types.js';

/** A reply to a reply belongs to the same thread, as in Slack: resolve to the parent's ts. */
export function threadRoot(store: SandboxStore, channel: string, threadTs: string): string | undefined {
  const target = store.findMessage(channel, threadTs);
  if (!target) return undefined;
  return target.threadTs && target.threadTs !== target.ts ? target.threadTs : target.ts;
}

export function postBotMessage(
  store: SandboxStore,
  input: {
    channel: string;
    text: string;
    blocks?: JsonObject[];
    threadTs?: string;
    metadata?: JsonObject;
    broadcast?: boolean;
    source: MessageSource;
  },
): SandboxMessage {
  return store.addMessage({
    channel: input.channel,
    ts: store.nextTs(),
    ...(input.threadTs ? { threadTs: input.threadTs } : {}),
    user: store.options.botUserId,
    botId: store.options.botId,
    text: input.text,
    ...(input.blocks ? { blocks: input.blocks } : {}),
    ...(input.metadata ? { metadata: input.metadata } : {}),
    ...(input.broadcast ? { broadcast: true } : {}),
    replyCount: 0,
    replyUsers: [],
    reactions: [],
    source: input.source,
  });
}

export function postPersonMessage(
  store: SandboxStore,
  input: { userId: string; channel: string; text: string; threadTs?: string },
): SandboxMessage {
  return store.addMessage({
    channel: input.channel,
    ts: store.nextTs(),
    ...(input.threadTs ? { threadTs: input.threadTs } : {}),
    user: input.userId,
    text: input.text,
    blocks: [richTextBlock(input.text)],
    replyCount: 0,
    replyUsers: [],
    reactions: [],
    source: 'person',
  });
}

/**
 * Slack attaches a rich_text rendering of what a person typed: plain text unescaped, and
 * mentions, channels and links as their own elements.
 */
export function richTextBlock(text: string): JsonObject {
  const elements: JsonObject[] = [];
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const parts = text.split(/<([^<>]+)>/);
  parts.forEach((part, index) => {
    if (index % 2 === 0) {
      if (part) elements.push({ type: 'text', text: decode(part) });
      return;
    }
    const [target = '', label] = part.split('|');
    if (target.startsWith('@')) elements.push({ type: 'user', user_id: target.slice(1) });
    else if (target.startsWith('#')) elements.push({ type: 'channel', channel_id: target.slice(1) });
    else if (target.startsWith('!')) elements.push({ type: 'broadcast', range: target.slice(1) });
    else elements.push({ type: 'link', url: decode(target), ...(label ? { text: decode(label) } : {}) });
  });
  return {
    type: 'rich_text',
    block_id: newClientMsgId().slice(0, 5),
    elements: [{ type: 'rich_text_section', elements }],
  };
}

/** The message object exactly as Slack returns it from chat.postMessage and in interaction payloads. */
export function toWireMessage(
  store: SandboxStore,
  message: SandboxMessage,
  options: { withMetadata?: boolean } = {},
): JsonObject {
  const { botId, botUserId, appId, teamId, botName } = store.options;
  const wire: JsonObject = {
    type: 'message',
    ...(message.broadcast ? { subtype: 'thread_broadcast' } : {}),
    text: message.text,
    user: message.user,
    ts: message.ts,
    team: teamId,
  };
  if (message.botId) {
    wire.bot_id = botId;
    wire.app_id = appId;
    wire.bot_profile = {
      id: botId,
      app_id: appId,
      user_id: botUserId,
      name: botName,
      deleted: false,
      updated: Math.floor(Date.now() / 1000),
      team_id: teamId,
      icons: {},
    };
  }
  if (message.blocks) wire.blocks = message.blocks;
  // Slack returns event_payload only to readers who ask for it (include_all_metadata).
  if (message.metadata)
    wire.metadata = options.withMetadata === false ? { event_type: message.metadata.event_type } : message.metadata;
  if (message.threadTs) {
    wire.thread_ts = message.threadTs;
    if (message.threadTs === message.ts) {
      wire.reply_count = message.replyCount;
      wire.reply_users = message.replyUsers;
      wire.reply_users_count = message.replyUsers.length;
      if (message.latestReply) wire.latest_reply = message.latestReply;
    } else {
      const parent = store.findMessage(message.channel, message.threadTs);
      if (parent) wire.parent_user_id = parent.user;
    }
  }
  if (message.edited) wire.edited = message.edited;
  if (message.reactions.length > 0) wire.reactions = message.reactions;
  return wire;
}
