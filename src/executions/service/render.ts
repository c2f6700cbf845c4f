import { stepMessage } from '../../../blocks/step-message.js';
import { inTenant } from '../../db/tenant-scope.js';
import type { Execution, Step } from '../model.js';
import { findExecution } from '../repo/executions-repo.js';
import { claimStepMessage, findStep, isPosted, listSteps, setStepMessage } from '../repo/steps-repo.js';
import type { EngineDeps } from './deps.js';
import { buildStepView } from './step-view.js';

const POSTING_STALE_MS = 60_000;

type RenderDeps = Pick<EngineDeps, 'db' | 'audit' | 'chat' | 'clock' | 'redactCommand'>;

/**
 * Shows the step's current state in its thread message: posts it the first time (one
 * poster wins a claim on the row), updates it afterwards, and re-renders if the step
 * changed while the message was being sent.
 */
export async function renderStepMessage(deps: RenderDeps, tenantId: string, stepId: string): Promise<void> {
  const loaded = await loadStep(deps, tenantId, stepId);
  if (!loaded) return;
  if (isPosted(loaded.step)) await updateWithLatest(deps, loaded.execution, loaded.step, loaded.total);
  else await postStepMessage(deps, loaded.execution, loaded.step.id, loaded.total);
}

async function loadStep(deps: Pick<EngineDeps, 'db'>, tenantId: string, stepId: string) {
  return inTenant(deps.db, tenantId, async (trx) => {
    const step = await findStep(trx, stepId);
    const execution = step ? await findExecution(trx, step.executionId) : null;
    if (!step || !execution) return null;
    return { step, execution, total: (await listSteps(trx, execution.id)).length };
  });
}

async function postStepMessage(deps: RenderDeps, execution: Execution, stepId: string, total: number) {
  const tenantId = execution.tenantId;
  const latest = await inTenant(deps.db, tenantId, async (trx) => {
    if (!(await claimStepMessage(trx, stepId, deps.clock.now().getTime(), POSTING_STALE_MS))) return null;
    return findStep(trx, stepId);
  });
  if (!latest) return; // someone else is posting it
  const message = stepMessage(await buildStepView(deps, execution, latest, total));
  let ts: string;
  try {
    ts = (await deps.chat.post({ channel: execution.channelId, threadTs: execution.threadTs ?? undefined, ...message }))
      .ts;
  } catch (err) {
    await inTenant(deps.db, tenantId, (trx) => setStepMessage(trx, stepId, null));
    throw err;
  }
  const after = await inTenant(deps.db, tenantId, async (trx) => {
    await setStepMessage(trx, stepId, ts);
    return findStep(trx, stepId);
  });
  if (after && after.version !== latest.version) await updateWithLatest(deps, execution, after, total);
}

async function updateWithLatest(deps: RenderDeps, execution: Execution, step: Step, total: number): Promise<void> {
  let current = step;
  // At most a few rounds: each round shows the newest state; stop once nothing changed meanwhile.
  for (let round = 0; round < 3; round++) {
    const message = stepMessage(await buildStepView(deps, execution, current, total));
    await deps.chat.update({ channel: execution.channelId, ts: current.messageTs! }, message);
    const after = await inTenant(deps.db, step.tenantId, (trx) => findStep(trx, step.id));
    if (!after || after.version === current.version) return;
    current = after;
  }
}
