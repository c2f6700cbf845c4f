import type { ListenerContext } from '../context.js';

/** A user group changed: forget its cached members, so role checks see the change at once. */
export function registerSubteamEvents(ctx: ListenerContext): void {
  for (const name of ['subteam_created', 'subteam_updated', 'subteam_members_changed'] as const) {
    ctx.app.event(name, async ({ body }) => {
      const teamId = (body as { team_id?: string }).team_id;
      if (teamId) ctx.services.directory.invalidate(teamId);
    });
  }
}
