import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { describeForUser } from '../../error-ui.js';
import type { ListenerContext } from '../context.js';

export interface StepActionInput {
  stepId: string;
  binding: string;
  userId: string;
  triggerId: string;
  client: WebClient;
}

/**
 * Registers a step button: ack at once, then one service call. A refusal (expired,
 * wrong person, changed command…) is shown to the clicker only, in the thread.
 */
export function registerStepAction(
  ctx: ListenerContext,
  actionId: string,
  handler: (input: StepActionInput) => Promise<unknown>,
): void {
  ctx.app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client }) => {
    await ack();
    const userId = body.user.id;
    try {
      const value = JSON.parse(action.value ?? '{}') as { s?: string; b?: string };
      if (!value.s) throw new Error('button value without a step id');
      await handler({ stepId: value.s, binding: value.b ?? '', userId, triggerId: body.trigger_id, client });
    } catch (err) {
      const text = describeForUser(err, ctx.logger, { actionId, userId });
      const channel = body.channel?.id;
      if (!channel) return;
      await client.chat
        .postEphemeral({
          channel,
          user: userId,
          text,
          thread_ts: (body.message?.thread_ts as string | undefined) ?? body.message?.ts,
        })
        .catch((e: unknown) => ctx.logger.warn({ err: e }, 'could not show an ephemeral refusal'));
    }
  });
}
