import { stepMessage } from '../../../blocks/step-message.js';
import { inTenant } from '../../db/tenant-scope.js';
import { MessageGoneError } from '../../lib/chat.js';
import type { Execution, Step } from '../model.js';
import { findExecution } from '../repo/executions-repo.js';
import { claimStepMessage, findStep, isPosted, listSteps, setStepMessage } from '../repo/steps-repo.js';
import type { EngineDeps } from './deps.js';
import { buildStepView } from './step-view.js';

const POSTING_STALE_MS = 60_000;

type RenderDeps = Pick<EngineDeps, 'db' | 'audit' | 'chat' | 'clock' | 'redactCommand' | 'runbooks'>;

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

/**
 * Posts a step's first message, once: one poster claims it; one that takes over a dead
 * poster's claim first looks for the message in the thread by its metadata key.
 */
async function postStepMessage(deps: RenderDeps, execution: Execution, stepId: string, total: number) {
  const tenantId = execution.tenantId;
  const claimed = await inTenant(deps.db, tenantId, async (trx) => {
    const claim = await claimStepMessage(trx, stepId, deps.clock.now().getTime(), POSTING_STALE_MS);
    return claim.claimed ? { stale: claim.stale, step: await findStep(trx, stepId) } : null;
  });
  if (!claimed?.step) return; // someone else is posting it
  const latest = claimed.step;
  const where = { channel: execution.channelId, threadTs: execution.threadTs ?? undefined };
  const postKey = { eventType: 'runbook_step', key: stepId };
  let ts: string;
  try {
    const earlier = claimed.stale ? await deps.chat.findPosted({ ...where, ...postKey }) : null;
    const message = stepMessage(await buildStepView(deps, execution, latest, total));
    ts = earlier?.ts ?? (await deps.chat.post({ ...where, postKey, ...message })).ts;
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
    try {
      await deps.chat.update({ channel: execution.channelId, ts: current.messageTs! }, message);
    } catch (err) {
      if (!(err instanceof MessageGoneError)) throw err;
      // Someone deleted the step's message: post it again rather than fail the run.
      await inTenant(deps.db, step.tenantId, (trx) => setStepMessage(trx, step.id, null));
      return postStepMessage(deps, execution, step.id, total);
    }
    const after = await inTenant(deps.db, step.tenantId, (trx) => findStep(trx, step.id));
    if (!after || after.version === current.version) return;
    current = after;
  }
}
