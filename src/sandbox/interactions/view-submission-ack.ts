import { isObject } from '../block-kit/issues.js';
import { validateView } from '../block-kit/view.js';
import type { SandboxContext } from '../context.js';
import type { JsonObject, SandboxView } from '../types.js';
import { createView, replaceViewContent } from '../views.js';
import { MAX_VIEW_STACK } from '../web-api/methods/views-push.js';

/** Slack's banner when a submission could not be completed. */
export const SUBMISSION_FAILED_BANNER = 'We had some trouble connecting. Try again?';

/**
 * Applies a view_submission ack: `errors` keeps the modal open with field errors, `update`
 * replaces it, `push` stacks a new one, `clear` closes all, anything else closes this view.
 */
export function applyViewSubmissionAck(sandbox: SandboxContext, view: SandboxView, ack: JsonObject): void {
  const { store } = sandbox;
  switch (ack.response_action) {
    case 'errors': {
      const errors = isObject(ack.errors) ? ack.errors : {};
      const inputIds = inputBlockIds(view);
      const unknown = Object.keys(errors).filter((id) => !inputIds.includes(id));
      if (Object.keys(errors).length === 0 || unknown.length > 0) {
        rejectAck(
          sandbox,
          view,
          `response_action errors must name input blocks of the view (got ${unknown.join(', ') || 'none'})`,
        );
        return;
      }
      view.errors = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, String(v)]));
      delete view.connectionError;
      store.viewChanged(view);
      return;
    }
    case 'update': {
      const problem = invalidModal(ack.view);
      if (problem) {
        rejectAck(sandbox, view, `response_action update carried an invalid view: ${problem}`);
        return;
      }
      replaceViewContent(view, ack.view as JsonObject);
      store.viewChanged(view);
      return;
    }
    case 'push': {
      const problem = invalidModal(ack.view);
      if (problem) {
        rejectAck(sandbox, view, `response_action push carried an invalid view: ${problem}`);
        return;
      }
      if (store.modalStack(view.userId).length >= MAX_VIEW_STACK) {
        rejectAck(sandbox, view, `response_action push would exceed ${MAX_VIEW_STACK} stacked views`);
        return;
      }
      store.pushModal(
        createView({
          definition: ack.view as JsonObject,
          type: 'modal',
          userId: view.userId,
          rootViewId: view.rootViewId,
          previousViewId: view.id,
        }),
      );
      return;
    }
    case 'clear':
      store.clearModals(view.userId);
      return;
    default:
      store.closeModal(view);
  }
}

function inputBlockIds(view: SandboxView): string[] {
  const blocks = Array.isArray(view.definition.blocks) ? view.definition.blocks : [];
  return blocks.filter(isObject).flatMap((b) => (b.type === 'input' ? [String(b.block_id)] : []));
}

function invalidModal(value: unknown): string | undefined {
  const issues = validateView(value, 'modal');
  return issues.length > 0 ? issues.map((i) => `${i.message} [json-pointer:${i.pointer}]`).join('; ') : undefined;
}

/** The modal stays open with Slack's connection banner; the sandbox records why. */
function rejectAck(sandbox: SandboxContext, view: SandboxView, reason: string): void {
  view.connectionError = SUBMISSION_FAILED_BANNER;
  sandbox.store.viewChanged(view);
  sandbox.store.recordFailure({
    kind: 'invalid_ack',
    envelopeType: 'interactive',
    userId: view.userId,
    viewId: view.id,
    description: `${reason}; the person sees "${SUBMISSION_FAILED_BANNER}"`,
  });
}
