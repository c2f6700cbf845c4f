import { inTenant } from '../../db/tenant-scope.js';
import { errorMessage } from '../../lib/errors.js';
import type { LlmClassification, Step } from '../model.js';
import { findExecution } from '../repo/executions-repo.js';
import { findStep, listSteps, updateStep } from '../repo/steps-repo.js';
import type { EngineDeps } from './deps.js';

/**
 * The LLM's second opinion on one step's exact command (shown to it with secrets masked).
 * Whatever happens (answer, refusal, timeout, garbage) the outcome is recorded and the run
 * advanced: the merge rules decide what it counts for, and a missing opinion never lowers a level.
 */
export async function recordOpinion(
  deps: EngineDeps,
  tenantId: string,
  stepId: string,
  commandSha256: string,
): Promise<void> {
  const loaded = await inTenant(deps.db, tenantId, async (trx) => {
    const step = await findStep(trx, stepId);
    if (!step || step.commandSha256 !== commandSha256 || !step.command) return null; // edited meanwhile
    if (step.classification?.llm.status !== 'pending') return null;
    const execution = await findExecution(trx, step.executionId);
    return execution ? { step, execution, siblings: await listSteps(trx, execution.id) } : null;
  });
  if (!loaded) return;
  const spec = await deps.runbooks.getSpec(tenantId, loaded.execution.runbookVersionId);
  const llm = await askOpinion(deps, loaded.step, loaded.siblings, spec.title);
  await inTenant(deps.db, tenantId, async (trx) => {
    const latest = await findStep(trx, stepId, true);
    if (!latest || latest.commandSha256 !== commandSha256 || latest.classification?.llm.status !== 'pending') return;
    await updateStep(trx, latest, { classification: JSON.stringify({ ...latest.classification, llm }) });
  });
  await deps.jobs.enqueue('execution.advance', { tenantId, executionId: loaded.execution.id });
}

async function askOpinion(deps: EngineDeps, step: Step, siblings: Step[], runbookTitle: string) {
  if (!deps.classifier.opinion) return { status: 'disabled' } satisfies LlmClassification;
  const around = (from: number, to: number) =>
    siblings
      .filter((s) => s.index >= from && s.index <= to && s.id !== step.id)
      .map((s) => deps.redactCommand(s.command ?? s.commandTemplate ?? s.title));
  try {
    const opinion = await deps.classifier.opinion({
      command: deps.redactCommand(step.command!),
      neighbours: { before: around(step.index - 2, step.index - 1), after: around(step.index + 1, step.index + 2) },
      runbookTitle,
    });
    return { status: 'done', ...opinion } satisfies LlmClassification;
  } catch (err) {
    return { status: 'failed', error: errorMessage(err).slice(0, 500) } satisfies LlmClassification;
  }
}
