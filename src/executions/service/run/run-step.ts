import { inTenant } from '../../../db/tenant-scope.js';
import { withLogContext } from '../../../lib/log-context.js';
import type { RunRegistry } from '../../executor/run-registry.js';
import { EXECUTING_STATES } from '../../machine.js';
import { heartbeat } from '../../repo/step-runs-repo.js';
import { findStep } from '../../repo/steps-repo.js';
import type { EngineDeps } from '../deps.js';
import { renderStepMessage } from '../render.js';
import { claimRun } from './claim.js';
import { type Claimed, executeClaimed } from './execute.js';
import { reconcileLostRuns } from './reconcile.js';
import { settleRun } from './settle.js';

/**
 * The executor job: claim once, run while heartbeating, settle. The heartbeat also
 * re-reads the step: if a person aborted it (or the panic switch halted it) and the
 * stop message never reached this worker, the command is killed at the next beat.
 */
export async function runStep(deps: EngineDeps, registry: RunRegistry, tenantId: string, runId: string): Promise<void> {
  const claim = await claimRun(deps, tenantId, runId);
  if (claim.kind === 'skip') {
    deps.logger.info({ runId, why: claim.why }, 'step run not started');
    return;
  }
  if (claim.kind === 'possibly_lost') {
    await reconcileLostRuns(deps);
    return;
  }
  return withLogContext({ tenantId, runId, stepId: claim.step.id, executionId: claim.execution.id }, () =>
    executeHeld(deps, registry, claim),
  );
}

/** Runs a claimed command while this worker holds it: tracked for stop requests, heartbeating. */
async function executeHeld(deps: EngineDeps, registry: RunRegistry, claim: Claimed): Promise<void> {
  const beat = setInterval(() => beatOnce(deps, registry, claim), deps.settings.heartbeatEveryMs);
  try {
    // Show "running" before any output arrives; a dry run is over before that update could land.
    if (!claim.run.dryRun) await renderStepMessage(deps, claim.step.tenantId, claim.step.id);
    const result = await executeClaimed(deps, registry, claim);
    await settleRun(deps, claim, result);
  } finally {
    clearInterval(beat);
  }
}

function beatOnce(deps: EngineDeps, registry: RunRegistry, claim: Claimed): void {
  const { tenantId, id: stepId } = claim.step;
  inTenant(deps.db, tenantId, async (trx) => {
    await heartbeat(trx, claim.run.id, deps.clock.now());
    return findStep(trx, stepId);
  })
    .then((step) => {
      if (step && !EXECUTING_STATES.has(step.state)) registry.stop(claim.run.id, `the step is ${step.state}`);
    })
    .catch((err: unknown) => deps.logger.warn({ err, runId: claim.run.id }, 'heartbeat failed'));
}
