import { toWireChannel } from '../../wire-objects.js';
import { optionalString } from '../args.js';
import { SlackApiError } from '../errors.js';
import { BOT, type MethodSpec } from '../method.js';

/** Takes a conversation id only (no names), like Slack. */
export const conversationsInfo: MethodSpec = {
  tokens: BOT,
  handle: ({ args, sandbox }) => {
    const id = optionalString(args, 'channel');
    const channel = id ? sandbox.store.channels.get(id) : undefined;
    if (!channel) throw new SlackApiError('channel_not_found');
    return { channel: toWireChannel(sandbox.store, channel) };
  },
};
