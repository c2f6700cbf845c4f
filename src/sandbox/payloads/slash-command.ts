import type { SandboxStore } from '../store.js';
import type { ChannelRecord, JsonObject } from '../types.js';
import { enterpriseRef, teamIdOf, VERIFICATION_TOKEN } from './common.js';

/** The slash command field set; every value is a string because Slack derives it from a form post. */
export function slashCommandPayload(
  store: SandboxStore,
  input: {
    userId: string;
    channel: ChannelRecord;
    command: string;
    text: string;
    responseUrl: string;
    triggerId: string;
  },
): JsonObject {
  const o = store.options;
  return {
    token: VERIFICATION_TOKEN,
    team_id: teamIdOf(store, input.userId),
    team_domain: o.teamDomain,
    ...enterpriseFields(enterpriseRef(store, input.userId)),
    channel_id: input.channel.id,
    channel_name: input.channel.isIm ? 'directmessage' : input.channel.name,
    user_id: input.userId,
    user_name: store.users.get(input.userId)?.name ?? input.userId,
    command: input.command,
    text: input.text,
    api_app_id: o.appId,
    is_enterprise_install: o.enterprise ? 'true' : 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  };
}

function enterpriseFields(enterprise: JsonObject | null): JsonObject {
  return enterprise ? { enterprise_id: String(enterprise.id), enterprise_name: String(enterprise.name) } : {};
}
