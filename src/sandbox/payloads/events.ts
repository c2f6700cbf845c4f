import { newEventId } from '../ids.js';
import type { SandboxStore } from '../store.js';
import type { ChannelRecord, JsonObject, SandboxMessage } from '../types.js';
import { VERIFICATION_TOKEN } from './common.js';

/** The Events API wrapper around one event, as Slack sends it in an events_api envelope. */
export function eventCallback(store: SandboxStore, event: JsonObject): JsonObject {
  const o = store.options;
  return {
    token: VERIFICATION_TOKEN,
    team_id: o.teamId,
    context_team_id: o.teamId,
    context_enterprise_id: null,
    api_app_id: o.appId,
    event,
    type: 'event_callback',
    event_id: newEventId(),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: o.teamId, user_id: o.botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: `4-sandbox-${o.teamId}-${o.appId}`,
  };
}

function channelType(channel: ChannelRecord): string {
  if (channel.isIm) return 'im';
  return channel.isPrivate ? 'group' : 'channel';
}

/** Fields shared by app_mention and message events for a person's message. */
function personMessageFields(store: SandboxStore, message: SandboxMessage): JsonObject {
  const parent =
    message.threadTs && message.threadTs !== message.ts
      ? store.findMessage(message.channel, message.threadTs)
      : undefined;
  return {
    user: message.user,
    text: message.text,
    ts: message.ts,
    channel: message.channel,
    event_ts: message.ts,
    team: store.options.teamId,
    client_msg_id: `${message.ts.replace('.', '')}-sandbox`,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(message.threadTs && message.threadTs !== message.ts ? { thread_ts: message.threadTs } : {}),
    ...(parent ? { parent_user_id: parent.user } : {}),
  };
}

export function appMentionEvent(store: SandboxStore, message: SandboxMessage): JsonObject {
  return { type: 'app_mention', ...personMessageFields(store, message) };
}

export function messageEvent(store: SandboxStore, message: SandboxMessage, channel: ChannelRecord): JsonObject {
  return { type: 'message', ...personMessageFields(store, message), channel_type: channelType(channel) };
}

export function appHomeOpenedEvent(input: { userId: string; channel: string; view?: JsonObject }): JsonObject {
  return {
    type: 'app_home_opened',
    user: input.userId,
    channel: input.channel,
    tab: 'home',
    event_ts: (Date.now() / 1000).toFixed(6),
    ...(input.view ? { view: input.view } : {}),
  };
}
