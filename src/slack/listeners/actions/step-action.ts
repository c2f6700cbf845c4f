import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { StepActionInput } from '../../../executions/service/index.js';
import { DomainError } from '../../../lib/errors.js';
import { withLogContext } from '../../../lib/log-context.js';
import { decodeValue } from '../../codecs.js';
import { describeForUser, tellPrivately } from '../../error-ui.js';
import type { ListenerContext } from '../context.js';

export interface StepButtonInput extends StepActionInput {
  triggerId: string;
  client: WebClient;
}

/**
 * Registers a step button: ack at once, then one service call. The tenant and user come
 * from the payload; the value must be one the product wrote. A refusal (expired, wrong
 * role, stale or forged button…) is shown to the clicker only, in the thread.
 */
export function registerStepAction(
  ctx: ListenerContext,
  actionId: string,
  handler: (input: StepButtonInput) => Promise<unknown>,
): void {
  ctx.app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client }) => {
    await ack();
    try {
      const who = await ctx.services.tenants.principalOf(body);
      const value = decodeValue('step', action.value);
      if (!value)
        throw new DomainError('invalid_input', 'This button was not made by Runbook Copilot; nothing was done.');
      const bindings = { tenantId: who.tenantId, slackUserId: who.userId, stepId: value.s, action: actionId };
      await withLogContext(bindings, () =>
        handler({ ...who, stepId: value.s, binding: value.b, triggerId: body.trigger_id, client }),
      );
    } catch (err) {
      const text = describeForUser(err, ctx.logger, { actionId, userId: body.user.id });
      const threadTs = (body.message?.thread_ts as string | undefined) ?? body.message?.ts;
      await tellPrivately(client, ctx.logger, { channel: body.channel?.id, user: body.user.id, threadTs }, text);
    }
  });
}
