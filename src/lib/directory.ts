/**
 * Who is in a Slack user group. The Slack adapter implements it (usergroups.users.list,
 * cached briefly and refreshed on subteam events); features never call Slack themselves.
 */
export interface DirectoryPort {
  /** Members of a user group (S…); null when the group cannot be read (unknown, or no scope). */
  groupMembers(tenantId: string, groupId: string): Promise<string[] | null>;
  /** The id of a user group from its handle (with or without @); null when none has it. */
  groupIdForHandle(tenantId: string, handle: string): Promise<string | null>;
  /** Forgets what is cached (a subteam_* event said the group changed). */
  invalidate(tenantId: string): void;
}

/** No Slack at hand (CLI, unit tests): no group has members, so group grants match nobody. */
export const EMPTY_DIRECTORY: DirectoryPort = {
  groupMembers: async () => null,
  groupIdForHandle: async () => null,
  invalidate: () => undefined,
};
