import { editCommandModal, typedConfirmModal, variablesModal } from '../../../../blocks/modals.js';
import { ACTIONS } from '../../ids.js';
import type { ListenerContext } from '../context.js';
import { registerStepAction } from './step-action.js';

/** Every button on a step message. Each is ack + one service call (+ a modal where one is needed). */
export function registerStepButtons(ctx: ListenerContext): void {
  const { executions } = ctx.services;

  registerStepAction(ctx, ACTIONS.approveStep, (i) => executions.approve(i));
  registerStepAction(ctx, ACTIONS.skipStep, (i) => executions.skip(i));
  registerStepAction(ctx, ACTIONS.abortRun, (i) => executions.abort(i));
  registerStepAction(ctx, ACTIONS.markDone, (i) => executions.markDone(i));
  registerStepAction(ctx, ACTIONS.markFailed, (i) => executions.markFailed(i));
  registerStepAction(ctx, ACTIONS.retryStep, (i) => executions.retry(i));
  registerStepAction(ctx, ACTIONS.rerequestApproval, (i) => executions.rerequest(i));

  registerStepAction(ctx, ACTIONS.confirmDangerous, async (i) => {
    const prepared = await executions.prepareTypedConfirm(i);
    await i.client.views.open({
      trigger_id: i.triggerId,
      view: typedConfirmModal({ stepId: i.stepId, binding: i.binding, ...prepared }),
    });
  });

  registerStepAction(ctx, ACTIONS.rollbackStep, async (i) => {
    const outcome = await executions.rollback(i);
    if (outcome.needsTyping) {
      await i.client.views.open({
        trigger_id: i.triggerId,
        view: typedConfirmModal({ stepId: i.stepId, binding: i.binding, ...outcome }),
      });
    }
  });

  registerStepAction(ctx, ACTIONS.editStep, async (i) => {
    const prepared = await executions.prepareEdit(i);
    await i.client.views.open({
      trigger_id: i.triggerId,
      view: editCommandModal({ stepId: i.stepId, binding: i.binding, ...prepared }),
    });
  });

  registerStepAction(ctx, ACTIONS.provideVariables, async (i) => {
    const prepared = await executions.prepareVariables(i);
    await i.client.views.open({
      trigger_id: i.triggerId,
      view: variablesModal({ stepId: i.stepId, binding: i.binding, ...prepared }),
    });
  });
}
