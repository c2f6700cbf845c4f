import { inTenant } from '../../db/tenant-scope.js';
import type { Principal } from '../../governance/authorizer.js';
import { DomainError, isDomainError } from '../../lib/errors.js';
import { describeState, STEP_STATES } from '../machine.js';
import type { Execution, Step } from '../model.js';
import type { RunbookSpec } from '../ports.js';
import { findExecution } from '../repo/executions-repo.js';
import { findStep } from '../repo/steps-repo.js';
import { buttonBinding } from './bindings.js';
import type { EngineDeps } from './deps.js';

/** A person's action on a step: who, which step, and the binding their button or modal carried. */
export interface StepActionInput extends Principal {
  stepId: string;
  binding: string;
}

export interface ActionContext {
  step: Step;
  execution: Execution;
  spec: RunbookSpec;
}

/**
 * Loads a step a person acted on, within their own workspace only (a step of another
 * tenant is invisible), refusing clearly when its run is unknown or over.
 */
export async function loadForAction(
  deps: Pick<EngineDeps, 'db' | 'runbooks'>,
  who: Principal,
  stepId: string,
): Promise<ActionContext> {
  const found = await inTenant(deps.db, who.tenantId, async (trx) => {
    const step = await findStep(trx, stepId);
    return step ? { step, execution: await findExecution(trx, step.executionId) } : null;
  });
  if (!found?.execution) {
    throw new DomainError('execution_not_found', 'This step belongs to a run that does not exist in this workspace.');
  }
  const { step, execution } = found;
  if (execution.state !== 'running') {
    throw new DomainError(
      'execution_finished',
      `This run is already ${execution.state}; nothing more can happen in it.`,
    );
  }
  const spec = await deps.runbooks.getSpec(who.tenantId, execution.runbookVersionId);
  return { step, execution, spec };
}

/**
 * The button or modal was rendered for another command, target, version or state:
 * refuse, and say which (a button from before the window closed gets "it expired").
 */
export function assertBinding(ctx: ActionContext, binding: string): void {
  const { step, execution } = ctx;
  if (buttonBinding(step, execution.runbookVersionId) === binding) return;
  const sameCommand = STEP_STATES.some(
    (state) => buttonBinding({ ...step, state }, execution.runbookVersionId) === binding,
  );
  if (!sameCommand) {
    throw new DomainError(
      'approval_mismatch',
      'The command changed after this message was shown (it was edited or re-rendered). Act on the current message in the thread.',
    );
  }
  if (step.state === 'expired') {
    throw new DomainError(
      'approval_expired',
      'The approval window for this step closed. Press “Ask again” to reopen it.',
    );
  }
  throw new DomainError(
    'stale_state',
    `This step has moved on (it is ${describeState(step.state)} now); act on its current message in the thread.`,
  );
}

/** Loads, checks the binding: the start of every button and modal a person uses on a step. */
export async function loadBound(
  deps: Pick<EngineDeps, 'db' | 'runbooks'>,
  input: StepActionInput,
): Promise<ActionContext> {
  const ctx = await loadForAction(deps, input, input.stepId);
  assertBinding(ctx, input.binding);
  return ctx;
}

/**
 * Runs a person's action; a refusal is audited (who tried what, and why not) and
 * re-thrown so the Slack adapter can show the reason to that person only.
 */
export async function auditedAction<T>(
  deps: Pick<EngineDeps, 'audit' | 'logger'>,
  action: string,
  input: Principal & { stepId: string },
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isDomainError(err) && !err.details?.audited) {
      await deps.audit
        .append({
          tenantId: input.tenantId,
          type: 'execution.action_refused',
          actor: input.userId,
          subject: { type: 'step', id: input.stepId },
          data: { action, code: err.code, reason: err.message },
        })
        .catch((auditErr: unknown) => deps.logger.error({ err: auditErr }, 'could not audit a refused action'));
    }
    throw err;
  }
}
