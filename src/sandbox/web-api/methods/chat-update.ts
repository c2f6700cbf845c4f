import { toWireMessage } from '../../messages.js';
import { jsonArg, jsonObjectArg, optionalString } from '../args.js';
import { SlackApiError } from '../errors.js';
import { channelArg, messageArg } from '../lookups.js';
import { readMessageContent, withWarnings } from '../message-content.js';
import { BOT, type MethodSpec } from '../method.js';

export const chatUpdate: MethodSpec = {
  tokens: BOT,
  handle: ({ args, sandbox }) => {
    const { store } = sandbox;
    const channel = channelArg(store, optionalString(args, 'channel'));
    const message = messageArg(store, channel, optionalString(args, 'ts'));
    if (message.user !== store.options.botUserId) throw new SlackApiError('cant_update_message');
    const content = readMessageContent(args, sandbox.options);
    const now = Date.now();
    if (sandbox.updateTracker.record(channel.id, message.ts, now)) {
      store.counters.updateViolations += 1;
      store.recordFailure({
        kind: 'update_rate',
        method: 'chat.update',
        channelId: channel.id,
        messageTs: message.ts,
        description: `message ${message.ts} in #${channel.name} was updated more than once in a second`,
      });
    }
    message.text = content.text;
    // An explicit empty blocks array removes the blocks; omitting blocks keeps them (Slack's behaviour).
    const blocksArg = jsonArg(args, 'blocks');
    if (content.blocks) message.blocks = content.blocks;
    else if (blocksArg.present) delete message.blocks;
    const metadata = jsonObjectArg(args, 'metadata');
    if (metadata) message.metadata = metadata;
    message.edited = { user: store.options.botUserId, ts: store.nextTs() };
    store.touchMessage(message);
    return withWarnings(
      { channel: channel.id, ts: message.ts, text: message.text, message: toWireMessage(store, message) },
      content.warnings,
    );
  },
};
