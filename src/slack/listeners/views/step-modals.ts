import type { ViewSubmitAction } from '@slack/bolt';
import type { Principal } from '../../../governance/authorizer.js';
import { DomainError } from '../../../lib/errors.js';
import { decodeValue } from '../../codecs.js';
import { modalError } from '../../error-ui.js';
import { BLOCKS, VIEWS } from '../../ids.js';
import type { ListenerContext } from '../context.js';

type Values = ViewSubmitAction['view']['state']['values'];

function textOf(values: Values, blockId: string, actionId: string): string {
  return values[blockId]?.[actionId]?.value ?? '';
}

/** Who submitted which step's modal, from the payload and the metadata the product wrote. */
async function stepSubmission(ctx: ListenerContext, submit: ViewSubmitAction) {
  const who: Principal = await ctx.services.tenants.principalOf(submit);
  const meta = decodeValue('step', submit.view.private_metadata);
  if (!meta) throw new DomainError('invalid_input', 'This form was not made by Runbook Copilot; nothing was done.');
  return { ...who, stepId: meta.s, binding: meta.b };
}

/** Modal submissions: errors keep the modal open beside the field; success closes it. */
export function registerStepModals(ctx: ListenerContext): void {
  const { executions } = ctx.services;

  ctx.app.view<ViewSubmitAction>(VIEWS.typedConfirm, async ({ ack, body, view }) => {
    try {
      const typed = textOf(view.state.values, BLOCKS.confirmInput, BLOCKS.confirmInputAction);
      await executions.confirmTyped({ ...(await stepSubmission(ctx, body)), typed });
      await ack();
    } catch (err) {
      await ack(modalError(err, BLOCKS.confirmInput, ctx.logger, { surface: 'typed_confirm' }));
    }
  });

  ctx.app.view<ViewSubmitAction>(VIEWS.editCommand, async ({ ack, body, view }) => {
    try {
      const command = textOf(view.state.values, BLOCKS.editInput, BLOCKS.editInputAction);
      await executions.edit({ ...(await stepSubmission(ctx, body)), command });
      await ack();
    } catch (err) {
      await ack(modalError(err, BLOCKS.editInput, ctx.logger, { surface: 'edit' }));
    }
  });

  ctx.app.view<ViewSubmitAction>(VIEWS.variables, async ({ ack, body, view }) => {
    const values: Record<string, string> = {};
    for (const [blockId, actions] of Object.entries(view.state.values)) {
      if (blockId.startsWith(BLOCKS.variablePrefix)) {
        values[blockId.slice(BLOCKS.variablePrefix.length)] = actions[BLOCKS.variableAction]?.value ?? '';
      }
    }
    try {
      const errors = await executions.setVariables({ ...(await stepSubmission(ctx, body)), values });
      if (!errors) return void (await ack());
      const byBlock = Object.fromEntries(
        Object.entries(errors).map(([name, msg]) => [`${BLOCKS.variablePrefix}${name}`, msg]),
      );
      await ack({ response_action: 'errors', errors: byBlock });
    } catch (err) {
      const first = Object.keys(view.state.values)[0] ?? BLOCKS.variablePrefix;
      await ack(modalError(err, first, ctx.logger, { surface: 'variables' }));
    }
  });
}
