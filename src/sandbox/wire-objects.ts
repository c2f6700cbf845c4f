import type { SandboxStore } from './store.js';
import type { ChannelRecord, JsonObject, SandboxUser } from './types.js';

/** users.info's user object. */
export function toWireUser(store: SandboxStore, user: SandboxUser): JsonObject {
  return {
    id: user.id,
    team_id: store.options.teamId,
    name: user.name,
    deleted: false,
    real_name: user.realName,
    tz: user.tz ?? 'UTC',
    tz_label: 'Coordinated Universal Time',
    tz_offset: 0,
    profile: {
      title: user.title ?? '',
      real_name: user.realName,
      real_name_normalized: user.realName,
      display_name: user.displayName,
      display_name_normalized: user.displayName,
      ...(user.email ? { email: user.email } : {}),
      team: store.options.teamId,
      status_text: '',
      status_emoji: '',
    },
    is_admin: user.isAdmin ?? false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: false,
    is_app_user: false,
    updated: 1_700_000_000,
  };
}

/** The bot's own user object (users.info on the bot user id). */
export function toWireBotUser(store: SandboxStore): JsonObject {
  const o = store.options;
  return {
    id: o.botUserId,
    team_id: o.teamId,
    name: o.botName,
    deleted: false,
    real_name: o.botName,
    is_bot: true,
    is_app_user: false,
    is_admin: false,
    updated: 1_700_000_000,
    profile: { bot_id: o.botId, api_app_id: o.appId, real_name: o.botName, display_name: '', team: o.teamId },
  };
}

/** conversations.info's channel object, seen from the bot. */
export function toWireChannel(store: SandboxStore, channel: ChannelRecord): JsonObject {
  if (channel.isIm) {
    return {
      id: channel.id,
      created: channel.created,
      is_im: true,
      is_org_shared: false,
      user: channel.imUser,
      is_user_deleted: false,
    };
  }
  return {
    id: channel.id,
    name: channel.name,
    name_normalized: channel.name,
    is_channel: !channel.isPrivate,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: channel.isPrivate,
    is_archived: false,
    is_general: channel.name === 'general',
    is_shared: false,
    is_org_shared: false,
    is_member: channel.members.has(store.options.botUserId),
    created: channel.created,
    creator: store.options.users[0]?.id ?? '',
    topic: { value: channel.topic, creator: '', last_set: 0 },
    purpose: { value: channel.purpose, creator: '', last_set: 0 },
    num_members: channel.members.size,
  };
}
