import type { WebClient } from '@slack/web-api';
import { appHomeView } from '../../../../blocks/app-home.js';
import type { Principal } from '../../../governance/authorizer.js';
import type { ListenerContext } from '../context.js';
import { createHomeRefresher } from './home-refresher.js';

/** Publishes a person's App Home: what the product is, the library, the mode, the roles. */
export async function publishHome(ctx: ListenerContext, client: WebClient, who: Principal): Promise<void> {
  const { services } = ctx;
  const [runbooks, mode, grants, isAdmin, roles, panic, canPullPanic, feedbackTrend, incidents] = await Promise.all([
    readableLibrary(ctx, who),
    services.governance.mode(who.tenantId),
    services.authz.listGrants(who.tenantId),
    services.authz.can(who, 'roles.manage'),
    services.authz.rolesOf(who.tenantId, who.userId),
    services.panic.status(who.tenantId),
    services.authz.can(who, 'panic.on'),
    services.copilot.trend(who.tenantId),
    services.home?.sections(who) ?? null,
  ]);
  await client.views.publish({
    user_id: who.userId,
    view: appHomeView({
      runbooks:
        runbooks?.map((v) => ({
          title: v.title,
          slug: v.slug,
          version: v.version,
          steps: v.compiled.steps.length,
          locked: v.locked,
        })) ?? null,
      mode,
      grants,
      configAdmins: services.authz.configAdmins(),
      isAdmin,
      myRoles: [...roles],
      panic,
      canPullPanic,
      feedbackTrend,
      incidents,
    }),
  });
}

/** The library, for people who may read it (viewer and up); null for the others. */
async function readableLibrary(ctx: ListenerContext, who: Principal) {
  if (!(await ctx.services.authz.can(who, 'runbook.read'))) return null;
  return ctx.services.runbooks.listLatest(who.tenantId);
}

/** Registers the Home; returns what stops keeping open Homes fresh (from this process). */
export function registerAppHome(ctx: ListenerContext): () => Promise<void> {
  const { home, homeRefresh } = ctx.services;
  const refresher =
    home && homeRefresh
      ? createHomeRefresher({
          ...homeRefresh,
          changeMark: (tenantId) => home.changeMark(tenantId),
          publish: (who) => publishHome(ctx, ctx.app.client, who),
          onError: (err) => ctx.logger.warn({ err }, 'could not refresh an App Home'),
        })
      : null;
  ctx.app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    let opened: { who: Principal; mark: number };
    try {
      const who = await ctx.services.tenants.principalOf({ ...body, user: event.user } as never);
      opened = { who, mark: home ? await home.changeMark(who.tenantId) : 0 };
      await publishHome(ctx, client, who);
    } catch (err) {
      ctx.logger.warn({ err }, 'could not publish the App Home');
      return;
    }
    // Redis down: the person has a fresh Home now; only keeping it fresh is lost.
    await refresher?.watch(opened.who, opened.mark).catch((err: unknown) => {
      ctx.logger.warn({ err }, 'could not keep the App Home fresh');
    });
  });
  return async () => {
    await refresher?.stop();
  };
}
