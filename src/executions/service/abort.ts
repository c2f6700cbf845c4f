import type { Kysely } from 'kysely';
import { inTenant } from '../../db/tenant-scope.js';
import type { Database } from '../../db/types.js';
import { DomainError } from '../../lib/errors.js';
import { EXECUTING_STATES, FINAL_STATES, transitionRun } from '../machine.js';
import type { Execution, Step } from '../model.js';
import { updateExecution } from '../repo/executions-repo.js';
import { latestRun } from '../repo/step-runs-repo.js';
import { listSteps } from '../repo/steps-repo.js';
import { auditedAction, loadBound, type StepActionInput } from './context.js';
import type { EngineDeps } from './deps.js';
import { renderStepMessage } from './render.js';
import { postSummary } from './summary.js';
import { transitionStep } from './transition-step.js';

/**
 * ⛔ Abort: ends the run. Steps not done are aborted; a command that is running is killed
 * (its whole process tree) by the worker that holds it, and its step says "aborted",
 * never "succeeded".
 */
export function createAbortAction(deps: EngineDeps) {
  return {
    abort: (input: StepActionInput) =>
      auditedAction(deps, 'abort', input, async () => {
        const ctx = await loadBound(deps, input);
        await deps.authz.require(input, 'run.abort');
        const { execution, killed, touched } = await inTenant(deps.db, input.tenantId, (trx) =>
          abortRun(deps, trx, ctx.execution, ctx.step.index, input.userId),
        );
        for (const runId of killed) {
          await deps.control.stop({ tenantId: input.tenantId, runId, reason: 'the run was aborted', by: input.userId });
        }
        for (const step of touched) if (step.messageTs) await renderStepMessage(deps, input.tenantId, step.id);
        await postSummary(deps, execution);
      }),
  };
}

async function abortRun(
  deps: EngineDeps,
  trx: Kysely<Database>,
  current: Execution,
  atStep: number,
  userId: string,
): Promise<{ execution: Execution; killed: string[]; touched: Step[] }> {
  const moved = transitionRun(current.state, 'abort');
  if (!moved.ok) throw new DomainError('execution_finished', `This run is already ${current.state}.`);
  const execution = await updateExecution(trx, current, { state: moved.to, finishedAt: deps.clock.now() });
  await deps.audit.append(
    {
      tenantId: execution.tenantId,
      type: 'execution.aborted',
      actor: userId,
      subject: { type: 'execution', id: execution.id },
      data: { atStep, reason: 'aborted by a person' },
    },
    trx,
  );
  const killed: string[] = [];
  const touched: Step[] = [];
  for (const step of await listSteps(trx, execution.id)) {
    if (FINAL_STATES.has(step.state)) continue;
    if (EXECUTING_STATES.has(step.state)) {
      const run = await latestRun(trx, step.id);
      if (run && (run.status === 'queued' || run.status === 'running')) killed.push(run.id);
    }
    touched.push(
      await transitionStep(deps, trx, {
        step,
        event: 'abort',
        actor: userId,
        audit: { type: 'execution.step_aborted', data: {} },
      }),
    );
  }
  return { execution, killed, touched };
}
