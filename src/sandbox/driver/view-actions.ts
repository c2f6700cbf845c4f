import { findElement, optionsOf } from '../block-kit/walk.js';
import type { SandboxContext } from '../context.js';
import { SandboxDriverError } from '../driver-error.js';
import { applyViewSubmissionAck, SUBMISSION_FAILED_BANNER } from '../interactions/view-submission-ack.js';
import { actionEntry, viewBlockActionsPayload } from '../payloads/block-actions.js';
import { buildStateValues, type SubmittedValues } from '../payloads/state-values.js';
import { viewClosedPayload, viewSubmissionPayload } from '../payloads/view-payloads.js';
import type { EnvelopeOutcome } from '../types.js';
import { recordInteractionFailure } from './failures.js';
import { requirePerson, requireViewOnScreen } from './people.js';

export interface ClickViewButtonInput {
  userId: string;
  viewId: string;
  actionId: string;
  blockId?: string;
  value?: string;
  /** What the person has typed so far (sent as view.state.values, without submit-time checks). */
  values?: SubmittedValues;
}

export interface SelectViewOptionInput {
  userId: string;
  viewId: string;
  actionId: string;
  value: string;
  blockId?: string;
  values?: SubmittedValues;
}

export interface SubmitViewInput {
  userId: string;
  viewId: string;
  values?: SubmittedValues;
}

export interface CloseViewInput {
  userId: string;
  viewId: string;
}

/** Clicks a button in the top modal or in the App Home tab. */
export async function clickViewButton(sandbox: SandboxContext, input: ClickViewButtonInput): Promise<EnvelopeOutcome> {
  return viewAction(sandbox, input, ['button'], input.value);
}

/** Picks an option of a static_select in an actions block or section accessory of a view. */
export async function selectViewOption(
  sandbox: SandboxContext,
  input: SelectViewOptionInput,
): Promise<EnvelopeOutcome> {
  return viewAction(sandbox, input, ['static_select'], undefined, input.value);
}

async function viewAction(
  sandbox: SandboxContext,
  input: { userId: string; viewId: string; actionId: string; blockId?: string; values?: SubmittedValues },
  types: string[],
  buttonValue?: string,
  optionValue?: string,
): Promise<EnvelopeOutcome> {
  const { store } = sandbox;
  requirePerson(store, input.userId);
  const view = requireViewOnScreen(store, input.userId, input.viewId);
  const blocks = Array.isArray(view.definition.blocks) ? (view.definition.blocks as Record<string, unknown>[]) : [];
  const located = findElement(blocks, {
    actionId: input.actionId,
    types,
    ...(input.blockId !== undefined ? { blockId: input.blockId } : {}),
    ...(buttonValue !== undefined ? { value: buttonValue } : {}),
  });
  if (!located)
    throw new SandboxDriverError(
      `no ${types.join('/')} "${input.actionId}" in view ${view.id}; a person can only click what is shown`,
    );
  let selected: Record<string, unknown> | undefined;
  if (optionValue !== undefined) {
    selected = optionsOf(located.element).find((o) => o.value === optionValue);
    if (!selected) throw new SandboxDriverError(`select ${input.actionId} offers no option "${optionValue}"`);
  }
  const stateValues = buildStateValues(view, input.values ?? {}, { clientChecks: false });
  const triggerId = sandbox.triggers.issue(input.userId);
  const action = actionEntry(located.element, located.blockId, selected);
  const payload = viewBlockActionsPayload(store, { userId: input.userId, view, action, triggerId, stateValues });
  const outcome = { ...(await sandbox.deliveries.deliver('interactive', payload)), triggerId };
  recordInteractionFailure(sandbox, outcome, {
    userId: input.userId,
    viewId: view.id,
    what: `the click on "${input.actionId}" in view ${view.id}`,
  });
  return outcome;
}

/**
 * Presses Submit. Slack's client refuses to submit with empty required fields (this throws a
 * SandboxDriverError with fieldErrors); otherwise the ack decides: errors, update, push, clear, close.
 */
export async function submitView(sandbox: SandboxContext, input: SubmitViewInput): Promise<EnvelopeOutcome> {
  const { store } = sandbox;
  requirePerson(store, input.userId);
  const view = requireViewOnScreen(store, input.userId, input.viewId);
  if (view.type !== 'modal' || view.definition.submit === undefined)
    throw new SandboxDriverError(`view ${view.id} has no submit button`);
  const stateValues = buildStateValues(view, input.values ?? {}, { clientChecks: true });
  const triggerId = sandbox.triggers.issue(input.userId);
  const payload = viewSubmissionPayload(store, { userId: input.userId, view, stateValues, triggerId });
  const outcome = { ...(await sandbox.deliveries.deliver('interactive', payload)), triggerId };
  if (outcome.status === 'acked') {
    applyViewSubmissionAck(sandbox, view, outcome.ackPayload ?? {});
    return outcome;
  }
  view.connectionError = SUBMISSION_FAILED_BANNER;
  store.viewChanged(view);
  recordInteractionFailure(sandbox, outcome, {
    userId: input.userId,
    viewId: view.id,
    what: `submitting view ${view.id}`,
  });
  return outcome;
}

/**
 * Presses Close (or Escape): goes back one view, or closes all with clear_on_close. Sends
 * view_closed only when the view asked for it (notify_on_close); otherwise returns undefined.
 */
export async function closeView(sandbox: SandboxContext, input: CloseViewInput): Promise<EnvelopeOutcome | undefined> {
  const { store } = sandbox;
  requirePerson(store, input.userId);
  const view = requireViewOnScreen(store, input.userId, input.viewId);
  if (view.type !== 'modal') throw new SandboxDriverError('the App Home tab cannot be closed');
  const clearAll = view.definition.clear_on_close === true;
  if (clearAll) store.clearModals(input.userId);
  else store.closeModal(view);
  if (view.definition.notify_on_close !== true) return undefined;
  const payload = viewClosedPayload(store, { userId: input.userId, view, isCleared: clearAll });
  return sandbox.deliveries.deliver('interactive', payload);
}
