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
 * re-thrown so the Slack adapter can show the reason to that person only. The step's
 * tenant is looked up only then: an accepted action audits itself.
 */
export async function auditedAction<T>(
  deps: EngineDeps,
  action: string,
  input: { userId: string; stepId: string },
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const tenantId = isDomainError(err) ? (await findStep(deps.db, input.stepId))?.tenantId : undefined;
    if (isDomainError(err) && tenantId) {
      await deps.audit
        .append({
          tenantId,
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
