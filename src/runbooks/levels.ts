import { errorMessage } from '../lib/errors.js';
import type { ClassifyCommand, CompiledRunbook, LeveledRunbook, LeveledStep } from './types.js';

/**
 * Risk levels from the injected classifier (the compiler never imports it). Steps without
 * a shell command get no level. A classifier that throws gives `unknown`, not a crash: an
 * unclassified command must still need a human's approval.
 */
export function attachLevels(runbook: CompiledRunbook, classify: ClassifyCommand): LeveledRunbook {
  const steps: LeveledStep[] = runbook.steps.map((step) => {
    const verdict = step.command && step.isShell ? safeClassify(classify, step.command) : null;
    const rollback = step.rollback ? safeClassify(classify, step.rollback) : null;
    return {
      ...step,
      level: verdict?.level ?? null,
      levelSummary: verdict?.summary ?? null,
      rollbackLevel: rollback?.level ?? null,
    };
  });
  return { ...runbook, steps };
}

function safeClassify(classify: ClassifyCommand, command: string) {
  try {
    const verdict = classify(command);
    const summary = verdict.deciding?.message ?? verdict.reasons?.[0]?.message ?? null;
    return { level: verdict.level, summary };
  } catch (err) {
    return { level: 'unknown' as const, summary: `The classifier failed on this command: ${errorMessage(err)}` };
  }
}
