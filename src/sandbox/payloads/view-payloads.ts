import type { SandboxStore } from '../store.js';
import type { JsonObject, SandboxView } from '../types.js';
import { toWireView } from '../views.js';
import { enterpriseRef, teamRef, userRef, VERIFICATION_TOKEN } from './common.js';

export function viewSubmissionPayload(
  store: SandboxStore,
  input: { userId: string; view: SandboxView; stateValues: JsonObject; triggerId: string },
): JsonObject {
  return {
    type: 'view_submission',
    team: teamRef(store, input.userId),
    user: userRef(store, input.userId),
    api_app_id: store.options.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: input.triggerId,
    view: toWireView(store, input.view, input.stateValues),
    response_urls: [],
    is_enterprise_install: store.options.enterprise !== null,
    enterprise: enterpriseRef(store, input.userId),
  };
}

/** Only sent when the view asked for it with notify_on_close. */
export function viewClosedPayload(
  store: SandboxStore,
  input: { userId: string; view: SandboxView; isCleared: boolean },
): JsonObject {
  return {
    type: 'view_closed',
    team: teamRef(store, input.userId),
    user: userRef(store, input.userId),
    api_app_id: store.options.appId,
    token: VERIFICATION_TOKEN,
    view: toWireView(store, input.view),
    is_cleared: input.isCleared,
    is_enterprise_install: store.options.enterprise !== null,
    enterprise: enterpriseRef(store, input.userId),
  };
}

/** A global shortcut from the lightning-bolt menu. */
export function shortcutPayload(
  store: SandboxStore,
  input: { userId: string; callbackId: string; triggerId: string },
): JsonObject {
  return {
    type: 'shortcut',
    token: VERIFICATION_TOKEN,
    action_ts: (Date.now() / 1000).toFixed(6),
    team: teamRef(store, input.userId),
    user: userRef(store, input.userId),
    is_enterprise_install: store.options.enterprise !== null,
    enterprise: enterpriseRef(store, input.userId),
    callback_id: input.callbackId,
    trigger_id: input.triggerId,
  };
}
