import type { ViewSubmitAction } from '@slack/bolt';
import { isDomainError } from '../../../lib/errors.js';
import { describeForUser } from '../../error-ui.js';
import { BLOCKS, VIEWS } from '../../ids.js';
import type { ListenerContext } from '../context.js';

type Values = ViewSubmitAction['view']['state']['values'];

function textOf(values: Values, blockId: string, actionId: string): string {
  return values[blockId]?.[actionId]?.value ?? '';
}

/** Modal submissions: errors keep the modal open beside the field; success closes it. */
export function registerStepModals(ctx: ListenerContext): void {
  const { executions } = ctx.services;

  ctx.app.view<ViewSubmitAction>(VIEWS.typedConfirm, async ({ ack, body, view }) => {
    const meta = JSON.parse(view.private_metadata) as { s: string; b: string };
    const typed = textOf(view.state.values, BLOCKS.confirmInput, BLOCKS.confirmInputAction);
    try {
      await executions.confirmTyped({ stepId: meta.s, binding: meta.b, userId: body.user.id, typed });
      await ack();
    } catch (err) {
      await ack({ response_action: 'errors', errors: { [BLOCKS.confirmInput]: fieldError(err, ctx) } });
    }
  });

  ctx.app.view<ViewSubmitAction>(VIEWS.editCommand, async ({ ack, body, view }) => {
    const meta = JSON.parse(view.private_metadata) as { s: string; b: string };
    const command = textOf(view.state.values, BLOCKS.editInput, BLOCKS.editInputAction);
    try {
      await executions.edit({ stepId: meta.s, binding: meta.b, userId: body.user.id, command });
      await ack();
    } catch (err) {
      await ack({ response_action: 'errors', errors: { [BLOCKS.editInput]: fieldError(err, ctx) } });
    }
  });

  ctx.app.view<ViewSubmitAction>(VIEWS.variables, async ({ ack, body, view }) => {
    const meta = JSON.parse(view.private_metadata) as { s: string };
    const values: Record<string, string> = {};
    for (const [blockId, actions] of Object.entries(view.state.values)) {
      if (blockId.startsWith(BLOCKS.variablePrefix)) {
        values[blockId.slice(BLOCKS.variablePrefix.length)] = actions[BLOCKS.variableAction]?.value ?? '';
      }
    }
    try {
      const errors = await executions.setVariables({ stepId: meta.s, userId: body.user.id, values });
      if (errors) {
        const byBlock = Object.fromEntries(
          Object.entries(errors).map(([name, msg]) => [`${BLOCKS.variablePrefix}${name}`, msg]),
        );
        await ack({ response_action: 'errors', errors: byBlock });
        return;
      }
      await ack();
    } catch (err) {
      const first = Object.keys(view.state.values)[0] ?? BLOCKS.variablePrefix;
      await ack({ response_action: 'errors', errors: { [first]: fieldError(err, ctx) } });
    }
  });
}

function fieldError(err: unknown, ctx: ListenerContext): string {
  const text = isDomainError(err) ? err.message : describeForUser(err, ctx.logger, { surface: 'modal' });
  return text.slice(0, 2000);
}
