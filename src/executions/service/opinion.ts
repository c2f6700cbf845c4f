import { errorMessage } from '../../lib/errors.js';
import { findExecution, findStep, listSteps, updateStep } from '../repo.js';
import type { EngineDeps } from './deps.js';

/**
 * The LLM's second opinion on one step's exact command. Whatever happens (answer,
 * refusal, timeout, garbage) the outcome is recorded, and the run is advanced: the
 * merge rules decide what it counts for, and a missing opinion never lowers a level.
 */
export async function recordOpinion(deps: EngineDeps, stepId: string, commandSha256: string): Promise<void> {
  const step = await findStep(deps.db, stepId);
  if (!step || step.commandSha256 !== commandSha256 || !step.command) return; // edited meanwhile
  const classification = step.classification;
  if (classification?.llm.status !== 'pending') return;
  const execution = await findExecution(deps.db, step.executionId);
  if (!execution) return;
  const siblings = await listSteps(deps.db, execution.id);
  const spec = await deps.runbooks.getSpec(execution.tenantId, execution.runbookVersionId);
  const around = (from: number, to: number) =>
    siblings
      .filter((s) => s.index >= from && s.index <= to && s.id !== step.id)
      .map((s) => s.command ?? s.commandTemplate ?? s.title);

  let llm: NonNullable<typeof classification>['llm'];
  if (!deps.classifier.opinion) {
    llm = { status: 'disabled' };
  } else {
    try {
      const opinion = await deps.classifier.opinion({
        command: step.command,
        neighbours: { before: around(step.index - 2, step.index - 1), after: around(step.index + 1, step.index + 2) },
        runbookTitle: spec.title,
      });
      llm = { status: 'done', ...opinion };
    } catch (err) {
      llm = { status: 'failed', error: errorMessage(err).slice(0, 500) };
    }
  }
  const latest = await findStep(deps.db, stepId);
  if (!latest || latest.commandSha256 !== commandSha256 || latest.classification?.llm.status !== 'pending') return;
  await updateStep(deps.db, latest, { classification: JSON.stringify({ ...latest.classification, llm }) }).catch(
    (err: unknown) => deps.logger.info({ err, stepId }, 'step changed while the opinion was fetched'),
  );
  await deps.jobs.enqueue('execution.advance', { executionId: execution.id });
}
