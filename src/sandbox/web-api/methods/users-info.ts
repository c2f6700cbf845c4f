import { toWireBotUser, toWireUser } from '../../wire-objects.js';
import { requiredString } from '../args.js';
import { SlackApiError } from '../errors.js';
import { BOT, type MethodSpec } from '../method.js';

export const usersInfo: MethodSpec = {
  tokens: BOT,
  handle: ({ args, sandbox }) => {
    const { store } = sandbox;
    const id = requiredString(args, 'user');
    if (store.isBot(id)) return { user: toWireBotUser(store) };
    const user = store.users.get(id);
    if (!user) throw new SlackApiError('user_not_found');
    return { user: toWireUser(store, user) };
  },
};
