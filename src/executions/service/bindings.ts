import { approvalBinding } from '../../approvals/binding.js';
import { sha256Hex } from '../../lib/hashing.js';
import type { Step } from '../model.js';

/** What an approval of this step right now is bound to: its exact command (or offered rollback). */
export function commandBinding(
  step: Step,
  runbookVersionId: string,
  rollback = step.state === 'rollback_offered',
): string {
  const sha = rollback ? (step.classification?.rollback?.commandSha256 ?? '') : (step.commandSha256 ?? '');
  return approvalBinding({
    commandSha256: sha,
    target: rollback ? (step.classification?.rollback?.target ?? null) : step.target,
    runbookVersionId,
    stepId: step.id,
    rollback,
  });
}

/**
 * What every button and modal of a step carries: the command binding plus the state the
 * message showed. A stale copy (the step moved on) or a forged value matches nothing.
 */
export function buttonBinding(step: Step, runbookVersionId: string): string {
  return sha256Hex(`${commandBinding(step, runbookVersionId)}\n${step.state}`);
}
