import type { Kysely } from 'kysely';
import { inTenant } from '../../db/tenant-scope.js';
import type { Database } from '../../db/types.js';
import { STEP_TRANSITIONS } from '../machine.js';
import type { Step } from '../model.js';
import { listRunningExecutions } from '../repo/executions-repo.js';
import { latestRun } from '../repo/step-runs-repo.js';
import { findStep, listSteps } from '../repo/steps-repo.js';
import type { EngineDeps } from './deps.js';
import { renderStepMessage } from './render.js';
import { transitionStep } from './transition-step.js';

export interface HaltReport {
  /** Steps that were waiting for a person or a worker, now halted. */
  halted: number;
  /** Step runs a worker held or was about to take: each was asked to stop. */
  stoppedRuns: string[];
}

/**
 * The panic switch reached this workspace: every step that could still run (a pending
 * approval, a command queued or running) is halted, each running command is asked to
 * stop, and each affected message says so and by whom. Runs stay open; after the switch
 * is lifted a person retries what was halted.
 */
export async function haltTenant(deps: EngineDeps, tenantId: string, by: string, reason: string): Promise<HaltReport> {
  const report = await inTenant(deps.db, tenantId, (trx) => haltInScope(deps, trx, by, reason));
  for (const runId of report.stoppedRuns) await deps.control.stop({ tenantId, runId, reason, by });
  for (const step of report.steps) {
    await renderStepMessage(deps, tenantId, step.id).catch((err: unknown) =>
      deps.logger.warn({ err, stepId: step.id }, 'could not show a halted step'),
    );
  }
  return { halted: report.steps.length, stoppedRuns: report.stoppedRuns };
}

async function haltInScope(deps: EngineDeps, trx: Kysely<Database>, by: string, reason: string) {
  const steps: Step[] = [];
  const stoppedRuns: string[] = [];
  for (const execution of await listRunningExecutions(trx)) {
    for (const listed of await listSteps(trx, execution.id)) {
      if (!STEP_TRANSITIONS[listed.state].halt) continue;
      // Locked and read again: a worker settling this step right now goes first, or waits.
      const step = await findStep(trx, listed.id, true);
      if (!step || !STEP_TRANSITIONS[step.state].halt) continue;
      const run = await latestRun(trx, step.id);
      if (run && (run.status === 'queued' || run.status === 'running')) stoppedRuns.push(run.id);
      steps.push(
        await transitionStep(deps, trx, {
          step,
          event: 'halt',
          actor: by,
          audit: { type: 'execution.step_halted', data: { reason } },
        }),
      );
    }
  }
  return { steps, stoppedRuns };
}

/** The switch was lifted: every open run is advanced again (halted steps wait for a person's retry). */
export async function resumeTenant(deps: EngineDeps, tenantId: string): Promise<number> {
  const running = await inTenant(deps.db, tenantId, (trx) => listRunningExecutions(trx));
  for (const execution of running) {
    await deps.jobs.enqueue('execution.advance', { tenantId, executionId: execution.id });
  }
  return running.length;
}
