import { replaceViewContent, toWireView } from '../../views.js';
import { optionalString } from '../args.js';
import { invalidArguments, SlackApiError } from '../errors.js';
import { BOT, type MethodSpec } from '../method.js';
import { viewArg } from '../view-args.js';

/** Updates an open modal or a home tab by view_id or external_id; `hash` guards against races. */
export const viewsUpdate: MethodSpec = {
  tokens: BOT,
  handle: ({ args, sandbox }) => {
    const viewId = optionalString(args, 'view_id');
    const externalId = optionalString(args, 'external_id');
    if (!viewId && !externalId) {
      throw invalidArguments([{ pointer: '/', message: 'must provide one of view_id or external_id' }]);
    }
    const definition = viewArg(args, 'any');
    const view = viewId ? sandbox.store.findView(viewId) : sandbox.store.findViewByExternalId(externalId ?? '');
    if (!view) throw new SlackApiError('not_found');
    if (definition.type !== view.type)
      throw invalidArguments([{ pointer: '/view/type', message: 'must be a valid enum value' }]);
    const hash = optionalString(args, 'hash');
    if (hash && hash !== view.hash) throw new SlackApiError('hash_conflict');
    replaceViewContent(view, definition);
    sandbox.store.viewChanged(view);
    return { view: toWireView(sandbox.store, view) };
  },
};
