import { newEventId } from '../ids.js';
import type { SandboxStore } from '../store.js';
import type { ChannelRecord, JsonObject, SandboxMessage } from '../types.js';
import { teamIdOf, VERIFICATION_TOKEN } from './common.js';

/** The Events API wrapper around one event, as Slack sends it in an events_api envelope. */
export function eventCallback(store: SandboxStore, event: JsonObject): JsonObject {
  const o = store.options;
  // The workspace the event happened in is the acting person's (Enterprise Grid), else the sandbox's.
  const teamId = teamIdOf(store, typeof event.user === 'string' ? event.user : undefined);
  const enterpriseId = o.enterprise?.id ?? null;
  return {
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    ...(enterpriseId ? { enterprise_id: enterpriseId } : {}),
    context_team_id: teamId,
    context_enterprise_id: enterpriseId,
    api_app_id: o.appId,
    event,
    type: 'event_callback',
    event_id: newEventId(),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: enterpriseId,
        team_id: teamId,
        user_id: o.botUserId,
        is_bot: true,
        is_enterprise_install: enterpriseId !== null,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-sandbox-${teamId}-${o.appId}`,
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
    team: teamIdOf(store, message.user),
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
