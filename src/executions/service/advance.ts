import { inTenant } from '../../db/tenant-scope.js';
import { DONE_STATES } from '../machine.js';
import type { Step } from '../model.js';
import { findExecution } from '../repo/executions-repo.js';
import { listSteps } from '../repo/steps-repo.js';
import { askChoice, branchVerdict, pendingBranch, skipNotChosen } from './branches.js';
import type { EngineDeps } from './deps.js';
import { renderStepMessage } from './render.js';
import { settleReadyStep } from './settle-step.js';
import { completeExecution } from './summary.js';
import { transitionStep } from './transition-step.js';

/**
 * Moves a run forward from whatever Postgres says. Safe to call any number of times:
 * each state change is guarded by the optimistic lock, so duplicates are no-ops.
 */
export async function advanceExecution(deps: EngineDeps, tenantId: string, executionId: string): Promise<void> {
  const loaded = await inTenant(deps.db, tenantId, async (trx) => {
    const execution = await findExecution(trx, executionId);
    return execution?.state === 'running' ? { execution, steps: await listSteps(trx, executionId) } : null;
  });
  if (!loaded) return;
  // While the panic switch is on, no step is reached; lifting it advances every run again.
  if (await deps.panic.stateFor(tenantId)) return;
  const { execution, steps } = loaded;
  const spec = await deps.runbooks.getSpec(tenantId, execution.runbookVersionId);
  let current = steps.find((s) => !DONE_STATES.has(s.state));
  if (!current) {
    await completeExecution(deps, execution);
    return;
  }
  if (current.state === 'pending') {
    const verdict = branchVerdict(execution, spec, current);
    if (verdict === 'wait') return askChoice(deps, execution, pendingBranch(execution, spec, current)!);
    if (verdict === 'skip') {
      await skipNotChosen(deps, current);
      await deps.jobs.enqueue('execution.advance', { tenantId, executionId });
      return;
    }
    current = await reachStep(deps, current);
  }
  if (current.state === 'ready') await settleReadyStep(deps, execution, spec, current);
  await renderStepMessage(deps, tenantId, current.id);
}

async function reachStep(deps: EngineDeps, step: Step): Promise<Step> {
  return inTenant(deps.db, step.tenantId, (trx) =>
    transitionStep(deps, trx, {
      step,
      event: 'reach',
      actor: 'system:engine',
      audit: { type: 'execution.step_ready', data: { title: deps.redactCommand(step.title) } },
    }),
  );
}
