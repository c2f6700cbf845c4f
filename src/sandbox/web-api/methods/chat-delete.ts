import { optionalString } from '../args.js';
import { SlackApiError } from '../errors.js';
import { channelArg, messageArg } from '../lookups.js';
import { BOT, type MethodSpec } from '../method.js';

export const chatDelete: MethodSpec = {
  tokens: BOT,
  handle: ({ args, sandbox }) => {
    const { store } = sandbox;
    const channel = channelArg(store, optionalString(args, 'channel'));
    const message = messageArg(store, channel, optionalString(args, 'ts'));
    if (message.user !== store.options.botUserId) throw new SlackApiError('cant_delete_message');
    store.deleteMessage(message);
    return { channel: channel.id, ts: message.ts };
  },
};
