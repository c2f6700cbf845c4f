import type { BlockAction, ButtonAction } from '@slack/bolt';
import { describeForUser } from '../../error-ui.js';
import { ACTIONS } from '../../ids.js';
import type { ListenerContext } from '../context.js';

const START_ACTIONS = new RegExp(`^(${ACTIONS.startRun}|${ACTIONS.pickRunnerUp}_\\d+)$`);

/** ▶ Start (or "Use: <runner-up>") on an incident message opens the run's thread. */
export function registerStartRun(ctx: ListenerContext): void {
  ctx.app.action<BlockAction<ButtonAction>>(START_ACTIONS, async ({ ack, body, action, client }) => {
    await ack();
    try {
      const value = JSON.parse(action.value ?? '{}') as { i: string; r: string };
      await ctx.services.alerts.startRun({
        tenantId: body.team?.id ?? body.user.team_id ?? '',
        incidentId: value.i,
        runbookVersionId: value.r,
        userId: body.user.id,
        message: body.channel && body.message ? { channel: body.channel.id, ts: body.message.ts } : null,
      });
    } catch (err) {
      if (!body.channel?.id) return;
      await client.chat
        .postEphemeral({
          channel: body.channel.id,
          user: body.user.id,
          text: describeForUser(err, ctx.logger, { action: 'start' }),
        })
        .catch(() => undefined);
    }
  });
}
