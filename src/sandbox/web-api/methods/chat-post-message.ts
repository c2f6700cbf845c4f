import { postBotMessage, threadRoot, toWireMessage } from '../../messages.js';
import { jsonObjectArg, optionalBoolean, optionalString } from '../args.js';
import { SlackApiError } from '../errors.js';
import { channelArg, requireBotMember } from '../lookups.js';
import { readMessageContent, withWarnings } from '../message-content.js';
import { BOT, type MethodSpec } from '../method.js';

export const chatPostMessage: MethodSpec = {
  tokens: BOT,
  handle: ({ args, sandbox }) => {
    const { store } = sandbox;
    const channel = channelArg(store, optionalString(args, 'channel'));
    requireBotMember(store, channel);
    const now = Date.now();
    const retryAfter = sandbox.postLimiter.retryAfterSeconds(channel.id, now);
    if (retryAfter > 0) {
      store.counters.rateLimited += 1;
      store.recordFailure({
        kind: 'rate_limited',
        method: 'chat.postMessage',
        channelId: channel.id,
        description: `chat.postMessage to #${channel.name} was rate limited (more than one post per second); Retry-After: ${retryAfter}`,
      });
      throw new SlackApiError('ratelimited', {}, 429, { 'Retry-After': String(retryAfter) });
    }
    const content = readMessageContent(args, sandbox.options);
    const requestedThread = optionalString(args, 'thread_ts');
    const threadTs = requestedThread ? threadRoot(store, channel.id, requestedThread) : undefined;
    // Strict on purpose: a thread_ts that matches no message is a product bug worth surfacing.
    if (requestedThread && !threadTs) throw new SlackApiError('thread_not_found');
    sandbox.postLimiter.record(channel.id, now);
    const metadata = jsonObjectArg(args, 'metadata');
    const message = postBotMessage(store, {
      channel: channel.id,
      text: content.text,
      ...(content.blocks ? { blocks: content.blocks } : {}),
      ...(threadTs ? { threadTs } : {}),
      ...(metadata ? { metadata } : {}),
      ...(threadTs && optionalBoolean(args, 'reply_broadcast') ? { broadcast: true } : {}),
      source: 'api',
    });
    return withWarnings(
      { channel: channel.id, ts: message.ts, message: toWireMessage(store, message) },
      content.warnings,
    );
  },
};
