import { createView, replaceViewContent, toWireView } from '../../views.js';
import { optionalString } from '../args.js';
import { SlackApiError } from '../errors.js';
import { userArg } from '../lookups.js';
import { BOT, type MethodSpec } from '../method.js';
import { viewArg } from '../view-args.js';

/** Publishes a person's App Home tab; fails with not_enabled when the manifest has no home tab. */
export const viewsPublish: MethodSpec = {
  tokens: BOT,
  handle: ({ args, sandbox }) => {
    const { store } = sandbox;
    if (!sandbox.options.homeTabEnabled) throw new SlackApiError('not_enabled');
    const user = userArg(store, args, 'user_id');
    const definition = viewArg(args, 'home');
    const existing = store.homeViews.get(user.id);
    const hash = optionalString(args, 'hash');
    if (hash && existing && hash !== existing.hash) throw new SlackApiError('hash_conflict');
    if (existing) {
      replaceViewContent(existing, definition);
      store.setHome(existing);
      return { view: toWireView(store, existing) };
    }
    const view = createView({ definition, type: 'home', userId: user.id });
    store.setHome(view);
    return { view: toWireView(store, view) };
  },
};
