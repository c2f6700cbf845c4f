import type { SandboxStore } from '../store.js';
import type { JsonObject } from '../types.js';

/** Slack sends a verification token in every payload (deprecated, but Bolt passes it through). */
export const VERIFICATION_TOKEN = 'sandboxverificationtoken';

/** The workspace a person belongs to: their own (Enterprise Grid) or the sandbox's team. */
export function teamIdOf(store: SandboxStore, userId: string | undefined): string {
  return (userId ? store.users.get(userId)?.teamId : undefined) ?? store.options.teamId;
}

export function userRef(store: SandboxStore, userId: string): JsonObject {
  const user = store.users.get(userId);
  return { id: userId, username: user?.name ?? userId, name: user?.name ?? userId, team_id: teamIdOf(store, userId) };
}

/** The team object of a payload: the acting person's workspace. */
export function teamRef(store: SandboxStore, userId?: string): JsonObject {
  const id = teamIdOf(store, userId);
  const other = store.options.otherTeams.find((t) => t.id === id);
  const domain = other ? other.name.toLowerCase().replace(/[^a-z0-9]+/g, '-') : store.options.teamDomain;
  return { id, domain };
}

/** The org a payload carries: the person's own (a guest from elsewhere), else the install's (Enterprise Grid), else none. */
export function enterpriseRef(store: SandboxStore, userId?: string): JsonObject | null {
  const user = userId ? store.users.get(userId) : undefined;
  if (user && user.enterpriseId !== undefined)
    return user.enterpriseId ? { id: user.enterpriseId, name: user.enterpriseId } : null;
  const e = store.options.enterprise;
  return e ? { id: e.id, name: e.name } : null;
}

export function actionTs(): string {
  return (Date.now() / 1000).toFixed(6);
}
