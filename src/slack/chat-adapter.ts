import type { WebClient } from '@slack/web-api';
import type { ChatMessage, ChatMessageRef, ChatPort } from '../lib/chat.js';
import type { SlotLimiter } from './rate-limiter.js';

/** Slack's posting limit is about one message per second per channel. */
export const POST_INTERVAL_MS = 1100;
/**
 * The product promises at most one update per message per second; slots are reserved
 * when a call starts, so a margin keeps request jitter from landing two inside a second.
 */
export const UPDATE_INTERVAL_MS = 1100;

/**
 * ChatPort over the Web API. Every new message waits for its channel's slot and every
 * update for its message's slot, so no code path can exceed Slack's rate limits.
 */
export function createSlackChat(deps: {
  client: WebClient;
  limiter: SlotLimiter;
  updateLimiter: SlotLimiter;
}): ChatPort {
  return {
    async post(message: ChatMessage): Promise<ChatMessageRef> {
      await deps.limiter.acquire(`post:${message.channel}`);
      const result = await deps.client.chat.postMessage({
        channel: message.channel,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
        ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
        unfurl_links: false,
        unfurl_media: false,
      });
      return { channel: result.channel ?? message.channel, ts: result.ts! };
    },

    async update(ref, message) {
      await deps.updateLimiter.acquire(`update:${ref.channel}:${ref.ts}`);
      await deps.client.chat.update({
        channel: ref.channel,
        ts: ref.ts,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
      });
    },

    async postEphemeral(message) {
      await deps.client.chat.postEphemeral({
        channel: message.channel,
        user: message.user,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
        ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      });
    },
  };
}
