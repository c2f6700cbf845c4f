import type { BlockAction, ButtonAction } from '@slack/bolt';
import { DomainError } from '../../../lib/errors.js';
import { withLogContext } from '../../../lib/log-context.js';
import { decodeValue } from '../../codecs.js';
import { describeForUser, tellPrivately } from '../../error-ui.js';
import { ACTIONS } from '../../ids.js';
import type { ListenerContext } from '../context.js';

const CHOOSE = new RegExp(`^${ACTIONS.chooseBranch}_\\d+$`);

/** Where a runbook forks: a person picks the option that applies (ack, then one service call). */
export function registerBranchChoice(ctx: ListenerContext): void {
  ctx.app.action<BlockAction<ButtonAction>>(CHOOSE, async ({ ack, body, action, client }) => {
    await ack();
    try {
      const who = await ctx.services.tenants.principalOf(body);
      const value = decodeValue('choice', action.value);
      if (!value)
        throw new DomainError('invalid_input', 'This button was not made by Runbook Copilot; nothing was done.');
      const bindings = { tenantId: who.tenantId, slackUserId: who.userId, executionId: value.e, action: 'choose' };
      await withLogContext(bindings, () =>
        ctx.services.executions.choose({ ...who, executionId: value.e, branchKey: value.k, option: value.o }),
      );
    } catch (err) {
      const text = describeForUser(err, ctx.logger, { action: 'choose' });
      const threadTs = (body.message?.thread_ts as string | undefined) ?? body.message?.ts;
      await tellPrivately(client, ctx.logger, { channel: body.channel?.id, user: body.user.id, threadTs }, text);
    }
  });
}
