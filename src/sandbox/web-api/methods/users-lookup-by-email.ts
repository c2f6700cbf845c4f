import { toWireUser } from '../../wire-objects.js';
import { requiredString } from '../args.js';
import { SlackApiError } from '../errors.js';
import { BOT, type MethodSpec } from '../method.js';

export const usersLookupByEmail: MethodSpec = {
  tokens: BOT,
  handle: ({ args, sandbox }) => {
    const email = requiredString(args, 'email').toLowerCase();
    const user = [...sandbox.store.users.values()].find((u) => u.email?.toLowerCase() === email);
    if (!user) throw new SlackApiError('users_not_found');
    return { user: toWireUser(sandbox.store, user) };
  },
};
