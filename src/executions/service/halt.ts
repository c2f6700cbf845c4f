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
  const candidates = await inTenant(deps.db, tenantId, async (trx) => {
    const ids: string[] = [];
    for (const execution of await listRunningExecutions(trx)) {
      for (const step of await listSteps(trx, execution.id)) if (STEP_TRANSITIONS[step.state].halt) ids.push(step.id);
    }
    return ids;
  });
  const halted: Step[] = [];
  const stoppedRuns: string[] = [];
  // One transaction per step, taking the step's lock before the audit chain's, as a worker
  // settling that step does: one transaction holding the chain while it waits for the next
  // step's lock would deadlock with such a worker.
  for (const stepId of candidates) {
    const done = await inTenant(deps.db, tenantId, (trx) => haltStep(deps, trx, stepId, by, reason));
    if (!done) continue;
    halted.push(done.step);
    if (done.runId) stoppedRuns.push(done.runId);
  }
  for (const runId of stoppedRuns) await deps.control.stop({ tenantId, runId, reason, by });
  for (const step of halted) {
    await renderStepMessage(deps, tenantId, step.id).catch((err: unknown) =>
      deps.logger.warn({ err, stepId: step.id }, 'could not show a halted step'),
    );
  }
  return { halted: halted.length, stoppedRuns };
}

async function haltStep(deps: EngineDeps, trx: Kysely<Database>, stepId: string, by: string, reason: string) {
  // Locked and read again: a worker settling this step right now goes first, or waits.
  const step = await findStep(trx, stepId, true);
  if (!step || !STEP_TRANSITIONS[step.state].halt) return null;
  const run = await latestRun(trx, step.id);
  const runId = run && (run.status === 'queued' || run.status === 'running') ? run.id : null;
  const haltedStep = await transitionStep(deps, trx, {
    step,
    event: 'halt',
    actor: by,
    audit: { type: 'execution.step_halted', data: { reason } },
  });
  return { step: haltedStep, runId };
}

/** The switch was lifted: every open run is advanced again (halted steps wait for a person's retry). */
export async function resumeTenant(deps: EngineDeps, tenantId: string): Promise<number> {
  const running = await inTenant(deps.db, tenantId, (trx) => listRunningExecutions(trx));
  for (const execution of running) {
    await deps.jobs.enqueue('execution.advance', { tenantId, executionId: execution.id });
  }
  return running.length;
}
