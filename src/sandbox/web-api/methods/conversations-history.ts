import { toWireMessage } from '../../messages.js';
import { optionalNumber, optionalString } from '../args.js';
import { SlackApiError } from '../errors.js';
import { channelArg, messageArg } from '../lookups.js';
import { BOT, type MethodSpec } from '../method.js';

/** Newest first, no pagination beyond `limit` (has_more tells whether more exist). */
export const conversationsHistory: MethodSpec = {
  tokens: BOT,
  handle: ({ args, sandbox }) => {
    const { store } = sandbox;
    const channel = channelArg(store, optionalString(args, 'channel'));
    if (!channel.members.has(store.options.botUserId)) throw new SlackApiError('not_in_channel');
    const limit = optionalNumber(args, 'limit') ?? 100;
    const oldest = Number(optionalString(args, 'oldest') ?? '0');
    const withMetadata = ['true', '1'].includes(optionalString(args, 'include_all_metadata') ?? '');
    const all = store
      .listMessages(channel.id)
      .filter((m) => Number(m.ts) > oldest)
      .slice()
      .reverse();
    return {
      messages: all.slice(0, limit).map((m) => toWireMessage(store, m, { withMetadata })),
      has_more: all.length > limit,
      response_metadata: { next_cursor: '' },
    };
  },
};

/** A thread, parent first, oldest to newest. */
export const conversationsReplies: MethodSpec = {
  tokens: BOT,
  handle: ({ args, sandbox }) => {
    const { store } = sandbox;
    const channel = channelArg(store, optionalString(args, 'channel'));
    if (!channel.members.has(store.options.botUserId)) throw new SlackApiError('not_in_channel');
    const parent = messageArg(store, channel, optionalString(args, 'ts'));
    const root = parent.threadTs ?? parent.ts;
    const limit = optionalNumber(args, 'limit') ?? 1000;
    const withMetadata = ['true', '1'].includes(optionalString(args, 'include_all_metadata') ?? '');
    const thread = store.listMessages(channel.id, root);
    return {
      messages: thread.slice(0, limit).map((m) => toWireMessage(store, m, { withMetadata })),
      has_more: thread.length > limit,
      response_metadata: { next_cursor: '' },
    };
  },
};
