import { createView, toWireView } from '../../views.js';
import { requiredString } from '../args.js';
import { BOT, type MethodSpec } from '../method.js';
import { viewArg } from '../view-args.js';

/** Opens a modal for the person whose interaction issued the trigger_id (single use, ~3 s). */
export const viewsOpen: MethodSpec = {
  tokens: BOT,
  handle: ({ args, sandbox }) => {
    const triggerId = requiredString(args, 'trigger_id');
    const definition = viewArg(args, 'modal');
    const userId = sandbox.triggers.exchange(triggerId);
    const view = createView({ definition, type: 'modal', userId });
    sandbox.store.openModal(view);
    return { view: toWireView(sandbox.store, view) };
  },
};
