import { threadRoot } from '../../messages.js';
import { optionalString } from '../args.js';
import { SlackApiError } from '../errors.js';
import { channelArg, requireBotMember, userArg } from '../lookups.js';
import { readMessageContent, withWarnings } from '../message-content.js';
import { BOT, type MethodSpec } from '../method.js';

export const chatPostEphemeral: MethodSpec = {
  tokens: BOT,
  handle: ({ args, sandbox }) => {
    const { store } = sandbox;
    const channel = channelArg(store, optionalString(args, 'channel'));
    const user = userArg(store, args);
    requireBotMember(store, channel);
    if (!channel.members.has(user.id)) throw new SlackApiError('user_not_in_channel');
    const content = readMessageContent(args, sandbox.options);
    const requestedThread = optionalString(args, 'thread_ts');
    const threadTs = requestedThread ? threadRoot(store, channel.id, requestedThread) : undefined;
    const ephemeral = store.addEphemeral({
      channel: channel.id,
      ts: store.nextTs(),
      user: user.id,
      ...(threadTs ? { threadTs } : {}),
      text: content.text,
      ...(content.blocks ? { blocks: content.blocks } : {}),
      from: 'app',
      source: 'api',
    });
    return withWarnings({ message_ts: ephemeral.ts }, content.warnings);
  },
};
