import type { BlockAction, ButtonAction } from '@slack/bolt';
import { DomainError } from '../../../lib/errors.js';
import { withLogContext } from '../../../lib/log-context.js';
import { decodeValue } from '../../codecs.js';
import { describeForUser, tellPrivately } from '../../error-ui.js';
import { ACTIONS } from '../../ids.js';
import type { ListenerContext } from '../context.js';

/** Open, on a storm summary: the incident gets its own message and thread. */
export function registerOpenIncident(ctx: ListenerContext): void {
  ctx.app.action<BlockAction<ButtonAction>>(ACTIONS.openIncident, async ({ ack, body, action, client }) => {
    await ack();
    try {
      const who = await ctx.services.tenants.principalOf(body);
      const value = decodeValue('incident', action.value);
      if (!value)
        throw new DomainError('invalid_input', 'This button was not made by Runbook Copilot; nothing was done.');
      const bindings = { tenantId: who.tenantId, slackUserId: who.userId, incidentId: value.i, action: 'open' };
      await withLogContext(bindings, () => ctx.services.alerts.openFromSummary({ ...who, incidentId: value.i }));
    } catch (err) {
      const text = describeForUser(err, ctx.logger, { action: 'open_incident' });
      await tellPrivately(client, ctx.logger, { channel: body.channel?.id, user: body.user.id }, text);
    }
  });
}
