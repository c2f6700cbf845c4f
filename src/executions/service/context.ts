import { DomainError, isDomainError } from '../../lib/errors.js';
import type { RunbookSpec } from '../ports.js';
import { type Execution, findExecution, findStep, type Step } from '../repo.js';
import type { EngineDeps } from './deps.js';
import { bindingFor } from './messages.js';

export interface ActionContext {
  step: Step;
  execution: Execution;
  spec: RunbookSpec;
}

/** Loads a step a person acted on, refusing clearly when its run is unknown or over. */
export async function loadForAction(deps: EngineDeps, stepId: string): Promise<ActionContext> {
  const step = await findStep(deps.db, stepId);
  if (!step) throw new DomainError('execution_not_found', 'This step belongs to a run that does not exist (any more).');
  const execution = await findExecution(deps.db, step.executionId);
  if (!execution) throw new DomainError('execution_not_found', 'This run does not exist (any more).');
  if (execution.state !== 'running') {
    throw new DomainError(
      'execution_finished',
      `This run is already ${execution.state}; nothing more can happen in it.`,
    );
  }
  const spec = await deps.runbooks.getSpec(execution.tenantId, execution.runbookVersionId);
  return { step, execution, spec };
}

/** The button or modal was rendered for another command, target or version: refuse. */
export function assertBinding(ctx: ActionContext, binding: string): void {
  if (bindingFor(ctx.step, ctx.execution.runbookVersionId) !== binding) {
    throw new DomainError(
      'approval_mismatch',
      'The command changed after this message was shown (it was edited or re-rendered). Approve the current version in the thread.',
    );
  }
}

/**
 * Runs a person's action; a refusal is audited (who tried what, and why not) and
 * re-thrown so the Slack adapter can show the reason to that person only.
 */
export async function auditedAction<T>(
  deps: EngineDeps,
  input: { action: string; userId: string; tenantId: string | null; stepId: string },
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isDomainError(err) && input.tenantId) {
      await deps.audit
        .append({
          tenantId: input.tenantId,
          type: 'execution.action_refused',
          actor: input.userId,
          subject: { type: 'step', id: input.stepId },
          data: { action: input.action, code: err.code, reason: err.message },
        })
        .catch((auditErr: unknown) => deps.logger.error({ err: auditErr }, 'could not audit a refused action'));
    }
    throw err;
  }
}

export async function tenantOfStep(deps: EngineDeps, stepId: string): Promise<string | null> {
  return (await findStep(deps.db, stepId))?.tenantId ?? null;
}
