import { optionalString } from '../args.js';
import { SlackApiError } from '../errors.js';
import { BOT, type MethodSpec } from '../method.js';

/** Opens (or finds) the bot's DM with one person; group DMs are not emulated. */
export const conversationsOpen: MethodSpec = {
  tokens: BOT,
  handle: ({ args, sandbox }) => {
    const users = (optionalString(args, 'users') ?? '').split(',').filter(Boolean);
    if (users.length !== 1) throw new SlackApiError(users.length === 0 ? 'users_list_not_supplied' : 'not_supported');
    const userId = users[0] ?? '';
    if (!sandbox.store.users.has(userId)) throw new SlackApiError('user_not_found');
    return { channel: { id: sandbox.store.imChannelFor(userId).id } };
  },
};
