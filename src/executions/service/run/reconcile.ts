import { sql } from 'kysely';
import { inTenant } from '../../../db/tenant-scope.js';
import { EXECUTING_STATES } from '../../machine.js';
import { findRun, setRunStatus } from '../../repo/step-runs-repo.js';
import { findStep } from '../../repo/steps-repo.js';
import type { EngineDeps } from '../deps.js';
import { renderStepMessage } from '../render.js';
import { transitionStep } from '../transition-step.js';

type ReconcileDeps = Pick<EngineDeps, 'db' | 'audit' | 'chat' | 'clock' | 'redactCommand' | 'settings' | 'runbooks'>;

/** A run whose worker stopped reporting goes to manual intervention; it is never re-run. */
export async function reconcileLostRuns(deps: ReconcileDeps): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - deps.settings.heartbeatStaleMs);
  const stale = await sql<{ tenant_id: string; id: string }>`
    select tenant_id, id from rbc_system_stale_runs(${cutoff})`.execute(deps.db);
  let lost = 0;
  for (const { tenant_id: tenantId, id } of stale.rows) {
    const stepId = await markLost(deps, tenantId, id);
    if (!stepId) continue;
    lost += 1;
    await renderStepMessage(deps, tenantId, stepId);
  }
  return lost;
}

async function markLost(deps: ReconcileDeps, tenantId: string, runId: string): Promise<string | null> {
  return inTenant(deps.db, tenantId, async (trx) => {
    const run = await findRun(trx, runId, true);
    if (!run || !(await setRunStatus(trx, runId, 'running', { status: 'lost', finishedAt: deps.clock.now() }))) {
      return null;
    }
    const step = await findStep(trx, run.stepId, true);
    if (!step || !EXECUTING_STATES.has(step.state)) return null;
    await transitionStep(deps, trx, {
      step,
      event: 'lose_worker',
      actor: 'system:executor',
      audit: {
        type: 'execution.step_needs_manual_intervention',
        data: { runId, workerId: run.workerId, lastHeartbeat: run.heartbeatAt?.toISOString() ?? null },
      },
    });
    return step.id;
  });
}
