import { optionalString, requiredString } from '../args.js';
import { SlackApiError } from '../errors.js';
import { BOT, type MethodSpec } from '../method.js';

/** usergroups.list: every group of the workspace; members only with include_users. */
export const usergroupsList: MethodSpec = {
  tokens: BOT,
  handle: ({ args, sandbox }) => {
    const withUsers = ['true', '1'].includes(optionalString(args, 'include_users') ?? '');
    return {
      usergroups: sandbox.store.options.userGroups.map((g) => ({
        id: g.id,
        team_id: sandbox.store.options.teamId,
        is_usergroup: true,
        name: g.name,
        handle: g.handle,
        user_count: g.users.length,
        ...(withUsers ? { users: [...g.users] } : {}),
      })),
    };
  },
};

/** usergroups.users.list: the members of one group (no_such_subteam when unknown). */
export const usergroupsUsersList: MethodSpec = {
  tokens: BOT,
  handle: ({ args, sandbox }) => {
    const id = requiredString(args, 'usergroup');
    const group = sandbox.store.options.userGroups.find((g) => g.id === id);
    if (!group) throw new SlackApiError('no_such_subteam');
    return { users: [...group.users] };
  },
};
