import type { WebClient } from '@slack/web-api';
import { type ChatMessage, type ChatMessageRef, type ChatPort, MessageGoneError } from '../lib/chat.js';
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
/** How long this process waited for Slack's pacing (benchmarks report the product's own time apart). */
export interface PacingStats {
  /** Waits for a channel's posting slot (a new message). */
  postWaitMs: number;
  /** Waits for a message's update slot. */
  updateWaitMs: number;
  posts: number;
  updates: number;
}

export function createSlackChat(deps: {
  client: WebClient;
  limiter: SlotLimiter;
  updateLimiter: SlotLimiter;
}): ChatPort & { stats(): PacingStats } {
  const stats: PacingStats = { postWaitMs: 0, updateWaitMs: 0, posts: 0, updates: 0 };
  return {
    stats: () => ({ ...stats }),
    async post(message: ChatMessage): Promise<ChatMessageRef> {
      stats.postWaitMs += await deps.limiter.acquire(`post:${message.channel}`);
      stats.posts += 1;
      const result = await deps.client.chat.postMessage({
        channel: message.channel,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
        ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
        ...(message.postKey
          ? { metadata: { event_type: message.postKey.eventType, event_payload: { key: message.postKey.key } } }
          : {}),
        unfurl_links: false,
        unfurl_media: false,
      });
      return { channel: result.channel ?? message.channel, ts: result.ts! };
    },

    async findPosted(query) {
      const page = query.threadTs
        ? await deps.client.conversations.replies({
            channel: query.channel,
            ts: query.threadTs,
            include_all_metadata: true,
            limit: 1000,
          })
        : await deps.client.conversations.history({
            channel: query.channel,
            include_all_metadata: true,
            limit: 200,
            ...(query.oldest ? { oldest: String(query.oldest) } : {}),
          });
      const found = (page.messages ?? []).find((m) => {
        const metadata = m.metadata as { event_type?: string; event_payload?: { key?: string } } | undefined;
        return metadata?.event_type === query.eventType && metadata.event_payload?.key === query.key;
      });
      return found?.ts ? { channel: query.channel, ts: found.ts } : null;
    },

    async update(ref, message) {
      stats.updateWaitMs += await deps.updateLimiter.acquire(`update:${ref.channel}:${ref.ts}`);
      stats.updates += 1;
      try {
        await deps.client.chat.update({
          channel: ref.channel,
          ts: ref.ts,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks } : {}),
        });
      } catch (err) {
        if ((err as { data?: { error?: string } }).data?.error === 'message_not_found') throw new MessageGoneError(ref);
        throw err;
      }
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
