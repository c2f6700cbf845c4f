import { createView, toWireView } from '../../views.js';
import { requiredString } from '../args.js';
import { SlackApiError } from '../errors.js';
import { BOT, type MethodSpec } from '../method.js';
import { viewArg } from '../view-args.js';

/** Slack keeps at most three views in a modal stack. */
export const MAX_VIEW_STACK = 3;

export const viewsPush: MethodSpec = {
  tokens: BOT,
  handle: ({ args, sandbox }) => {
    const triggerId = requiredString(args, 'trigger_id');
    const definition = viewArg(args, 'modal');
    const userId = sandbox.triggers.exchange(triggerId);
    const stack = sandbox.store.modalStack(userId);
    const top = stack[stack.length - 1];
    if (!top) throw new SlackApiError('not_found');
    if (stack.length >= MAX_VIEW_STACK) throw new SlackApiError('push_limit_reached');
    const view = createView({ definition, type: 'modal', userId, rootViewId: top.rootViewId, previousViewId: top.id });
    sandbox.store.pushModal(view);
    return { view: toWireView(sandbox.store, view) };
  },
};
