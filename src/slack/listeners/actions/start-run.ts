import type { BlockAction, ButtonAction } from '@slack/bolt';
import { DomainError } from '../../../lib/errors.js';
import { withLogContext } from '../../../lib/log-context.js';
import { decodeValue } from '../../codecs.js';
import { describeForUser, tellPrivately } from '../../error-ui.js';
import { ACTIONS } from '../../ids.js';
import type { ListenerContext } from '../context.js';

const START_ACTIONS = new RegExp(`^(${ACTIONS.startRun}|${ACTIONS.pickRunnerUp}_\\d+)$`);

/** ▶ Start (or "Use: <runner-up>") on an incident message opens the run's thread. */
export function registerStartRun(ctx: ListenerContext): void {
  ctx.app.action<BlockAction<ButtonAction>>(START_ACTIONS, async ({ ack, body, action, client }) => {
    await ack();
    try {
      const who = await ctx.services.tenants.principalOf(body);
      const value = decodeValue('start', action.value);
      if (!value)
        throw new DomainError('invalid_input', 'This button was not made by Runbook Copilot; nothing was done.');
      const bindings = { tenantId: who.tenantId, slackUserId: who.userId, incidentId: value.i, action: 'start' };
      await withLogContext(bindings, () =>
        ctx.services.alerts.startRun({
          ...who,
          incidentId: value.i,
          runbookVersionId: value.r,
          message: body.channel && body.message ? { channel: body.channel.id, ts: body.message.ts } : null,
        }),
      );
    } catch (err) {
      const text = describeForUser(err, ctx.logger, { action: 'start' });
      await tellPrivately(client, ctx.logger, { channel: body.channel?.id, user: body.user.id }, text);
    }
  });
}
