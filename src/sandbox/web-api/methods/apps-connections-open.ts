import { APP, type MethodSpec } from '../method.js';

/** Hands out a single-use WebSocket URL; only an app-level (xapp) token may ask. */
export const appsConnectionsOpen: MethodSpec = {
  tokens: APP,
  handle: ({ sandbox }) => ({ url: sandbox.socket.issueUrl(sandbox.baseUrl()) }),
};
