import { toWireMessage } from '../messages.js';
import type { SandboxStore } from '../store.js';
import type { ChannelRecord, JsonObject, SandboxEphemeral, SandboxMessage, SandboxView } from '../types.js';
import { toWireView } from '../views.js';
import { actionTs, enterpriseRef, teamRef, userRef, VERIFICATION_TOKEN } from './common.js';

/** One entry of `actions[]`, shaped per element type as Slack sends it. */
export function actionEntry(element: JsonObject, blockId: string, selected?: JsonObject): JsonObject {
  const base: JsonObject = {
    type: element.type,
    block_id: blockId,
    action_id: element.action_id,
    action_ts: actionTs(),
  };
  if (element.type === 'button') {
    return {
      ...base,
      text: element.text,
      ...(element.value !== undefined ? { value: element.value } : {}),
      ...(element.style !== undefined ? { style: element.style } : {}),
      ...(element.url !== undefined ? { url: element.url } : {}),
    };
  }
  return {
    ...base,
    selected_option: selected ?? null,
    ...(element.placeholder ? { placeholder: element.placeholder } : {}),
  };
}

/**
 * block_actions from a message. Ephemeral messages come without `message` (Slack does not send it),
 * with `container.is_ephemeral: true`.
 */
export function messageBlockActionsPayload(
  store: SandboxStore,
  input: {
    userId: string;
    channel: ChannelRecord;
    source: { kind: 'message'; message: SandboxMessage } | { kind: 'ephemeral'; ephemeral: SandboxEphemeral };
    action: JsonObject;
    triggerId: string;
    responseUrl: string;
  },
): JsonObject {
  const isEphemeral = input.source.kind === 'ephemeral';
  const ts = input.source.kind === 'message' ? input.source.message.ts : input.source.ephemeral.ts;
  const threadTs = input.source.kind === 'message' ? input.source.message.threadTs : input.source.ephemeral.threadTs;
  return {
    type: 'block_actions',
    user: userRef(store, input.userId),
    api_app_id: store.options.appId,
    token: VERIFICATION_TOKEN,
    container: {
      type: 'message',
      message_ts: ts,
      channel_id: input.channel.id,
      is_ephemeral: isEphemeral,
      ...(threadTs && threadTs !== ts ? { thread_ts: threadTs } : {}),
    },
    trigger_id: input.triggerId,
    team: teamRef(store, input.userId),
    enterprise: enterpriseRef(store, input.userId),
    is_enterprise_install: store.options.enterprise !== null,
    channel: { id: input.channel.id, name: input.channel.isIm ? 'directmessage' : input.channel.name },
    ...(input.source.kind === 'message' ? { message: toWireMessage(store, input.source.message) } : {}),
    state: { values: {} },
    response_url: input.responseUrl,
    actions: [input.action],
  };
}

/** block_actions from a modal or the App Home: `container.type: "view"` and the view instead of a message. */
export function viewBlockActionsPayload(
  store: SandboxStore,
  input: { userId: string; view: SandboxView; action: JsonObject; triggerId: string; stateValues: JsonObject },
): JsonObject {
  return {
    type: 'block_actions',
    user: userRef(store, input.userId),
    api_app_id: store.options.appId,
    token: VERIFICATION_TOKEN,
    container: { type: 'view', view_id: input.view.id },
    trigger_id: input.triggerId,
    team: teamRef(store, input.userId),
    enterprise: enterpriseRef(store, input.userId),
    is_enterprise_install: store.options.enterprise !== null,
    view: toWireView(store, input.view, input.stateValues),
    actions: [input.action],
  };
}
