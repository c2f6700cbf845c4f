import { withGeneratedIds } from './block-kit/walk.js';
import { newViewHash, newViewId } from './ids.js';
import type { SandboxStore } from './store.js';
import type { JsonObject, SandboxView, ViewType } from './types.js';

/** Stores a validated view definition with Slack's generated block/action ids filled in. */
export function createView(input: {
  definition: JsonObject;
  type: ViewType;
  userId: string;
  id?: string;
  rootViewId?: string;
  previousViewId?: string;
}): SandboxView {
  const id = input.id ?? newViewId();
  const definition: JsonObject = {
    ...input.definition,
    blocks: withGeneratedIds(Array.isArray(input.definition.blocks) ? input.definition.blocks : []),
  };
  const externalId = typeof definition.external_id === 'string' ? definition.external_id : undefined;
  return {
    id,
    type: input.type,
    userId: input.userId,
    definition,
    hash: newViewHash(),
    ...(externalId ? { externalId } : {}),
    rootViewId: input.rootViewId ?? id,
    ...(input.previousViewId ? { previousViewId: input.previousViewId } : {}),
  };
}

/** Replaces a view's content in place: same id, new hash, errors cleared (views.update, response_action update). */
export function replaceViewContent(view: SandboxView, definition: JsonObject): void {
  const next = createView({ definition, type: view.type, userId: view.userId, id: view.id });
  view.definition = next.definition;
  view.hash = next.hash;
  if (next.externalId) view.externalId = next.externalId;
  delete view.errors;
  delete view.connectionError;
}

/** The view object as Slack returns it from views.* and sends it in interaction payloads. */
export function toWireView(store: SandboxStore, view: SandboxView, stateValues: JsonObject = {}): JsonObject {
  const d = view.definition;
  const { teamId, appId, botId } = store.options;
  return {
    id: view.id,
    team_id: teamId,
    type: view.type,
    blocks: d.blocks,
    private_metadata: d.private_metadata ?? '',
    callback_id: d.callback_id ?? '',
    state: { values: stateValues },
    hash: view.hash,
    title: d.title ?? null,
    clear_on_close: d.clear_on_close ?? false,
    notify_on_close: d.notify_on_close ?? false,
    close: d.close ?? null,
    submit: d.submit ?? null,
    previous_view_id: view.previousViewId ?? null,
    root_view_id: view.rootViewId,
    app_id: appId,
    external_id: view.externalId ?? '',
    app_installed_team_id: teamId,
    bot_id: botId,
  };
}
