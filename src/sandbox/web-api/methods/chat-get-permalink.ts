import { optionalString } from '../args.js';
import { channelArg, messageArg } from '../lookups.js';
import { BOT, type MethodSpec } from '../method.js';

/** Permalinks point at the sandbox page (channel and message in the fragment). */
export const chatGetPermalink: MethodSpec = {
  tokens: BOT,
  handle: ({ args, sandbox }) => {
    const channel = channelArg(sandbox.store, optionalString(args, 'channel'));
    const message = messageArg(sandbox.store, channel, optionalString(args, 'message_ts'));
    const p = message.ts.replace('.', '');
    return { channel: channel.id, permalink: `${sandbox.baseUrl()}/archives/${channel.id}/p${p}` };
  },
};
