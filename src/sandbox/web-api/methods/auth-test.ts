import { BOT, type MethodSpec } from '../method.js';

/** Bolt calls this at start to learn its bot user id and bot id. */
export const authTest: MethodSpec = {
  tokens: BOT,
  handle: ({ sandbox }) => {
    const o = sandbox.options;
    return {
      url: `${sandbox.baseUrl()}/`,
      team: o.teamName,
      user: o.botName,
      team_id: o.teamId,
      user_id: o.botUserId,
      bot_id: o.botId,
      ...(o.enterprise ? { enterprise_id: o.enterprise.id } : {}),
      is_enterprise_install: o.enterprise !== null,
    };
  },
};
