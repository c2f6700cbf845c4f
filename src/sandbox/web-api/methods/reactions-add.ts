import { optionalString } from '../args.js';
import { SlackApiError } from '../errors.js';
import { channelArg, messageArg } from '../lookups.js';
import { BOT, type MethodSpec } from '../method.js';

/** Emoji names as Slack accepts them: no colons, lowercase, optional skin tone suffix. */
const EMOJI_NAME = /^[a-z0-9_+'-]+(::skin-tone-[2-6])?$/;

export const reactionsAdd: MethodSpec = {
  tokens: BOT,
  handle: ({ args, sandbox }) => {
    const { store } = sandbox;
    const channel = channelArg(store, optionalString(args, 'channel'));
    const message = messageArg(store, channel, optionalString(args, 'timestamp'));
    const name = optionalString(args, 'name') ?? '';
    if (!EMOJI_NAME.test(name)) throw new SlackApiError('invalid_name');
    const botUserId = store.options.botUserId;
    let reaction = message.reactions.find((r) => r.name === name);
    if (reaction?.users.includes(botUserId)) throw new SlackApiError('already_reacted');
    if (!reaction) {
      reaction = { name, users: [], count: 0 };
      message.reactions.push(reaction);
    }
    reaction.users.push(botUserId);
    reaction.count = reaction.users.length;
    store.touchMessage(message);
    return {};
  },
};
