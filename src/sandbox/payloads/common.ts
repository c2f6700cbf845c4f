import type { SandboxStore } from '../store.js';
import type { JsonObject } from '../types.js';

/** Slack sends a verification token in every payload (deprecated, but Bolt passes it through). */
export const VERIFICATION_TOKEN = 'sandboxverificationtoken';

export function userRef(store: SandboxStore, userId: string): JsonObject {
  const user = store.users.get(userId);
  return { id: userId, username: user?.name ?? userId, name: user?.name ?? userId, team_id: store.options.teamId };
}

export function teamRef(store: SandboxStore): JsonObject {
  return { id: store.options.teamId, domain: store.options.teamDomain };
}

export function actionTs(): string {
  return (Date.now() / 1000).toFixed(6);
}
