import type { WebClient } from '@slack/web-api';
import type { DirectoryPort } from '../lib/directory.js';
import type { Logger } from '../lib/logger.js';

/** How long a group's members are trusted before Slack is asked again (subteam events refresh sooner). */
export const GROUP_CACHE_TTL_MS = 60_000;

interface Cached<T> {
  value: T;
  at: number;
}

/**
 * User groups through the Web API (usergroups:read), cached briefly per workspace. A group
 * that cannot be read counts as having no members: authorization fails closed.
 */
export function createSlackDirectory(deps: {
  client: WebClient;
  logger: Logger;
  now?: () => number;
  ttlMs?: number;
}): DirectoryPort {
  const now = deps.now ?? Date.now;
  const ttl = deps.ttlMs ?? GROUP_CACHE_TTL_MS;
  const members = new Map<string, Cached<string[] | null>>();
  const handles = new Map<string, Cached<Map<string, string>>>();
  const fresh = <T>(entry: Cached<T> | undefined): entry is Cached<T> => entry !== undefined && now() - entry.at < ttl;

  return {
    async groupMembers(tenantId, groupId) {
      const key = `${tenantId}/${groupId}`;
      const cached = members.get(key);
      if (fresh(cached)) return cached.value;
      let value: string[] | null;
      try {
        const res = await deps.client.usergroups.users.list({ usergroup: groupId, team_id: tenantId });
        value = res.users ?? [];
      } catch (err) {
        deps.logger.warn({ err, groupId }, 'could not read a user group (is usergroups:read granted?)');
        value = null;
      }
      members.set(key, { value, at: now() });
      return value;
    },

    async groupIdForHandle(tenantId, handle) {
      const cached = handles.get(tenantId);
      let byHandle = fresh(cached) ? cached.value : null;
      if (!byHandle) {
        byHandle = new Map();
        try {
          const res = await deps.client.usergroups.list({ team_id: tenantId });
          for (const g of res.usergroups ?? []) if (g.handle && g.id) byHandle.set(g.handle.toLowerCase(), g.id);
        } catch (err) {
          deps.logger.warn({ err }, 'could not list user groups (is usergroups:read granted?)');
        }
        handles.set(tenantId, { value: byHandle, at: now() });
      }
      return byHandle.get(handle.replace(/^@/, '').toLowerCase()) ?? null;
    },

    invalidate(tenantId) {
      handles.delete(tenantId);
      for (const key of members.keys()) if (key.startsWith(`${tenantId}/`)) members.delete(key);
    },
  };
}
