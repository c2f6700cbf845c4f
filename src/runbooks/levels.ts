import type { RiskLevel } from '../classifier/types.js';
import { errorMessage } from '../lib/errors.js';
import type { ClassifyCommand, CompiledRunbook, LeveledRunbook, LeveledStep, RunbookStep } from './types.js';

/**
 * Risk levels from the injected classifier (the compiler never imports it). The scanner
 * reads the prepared command (placeholders as `${NAME}`), never `<pod>` as a redirection.
 * A step is never shown below its author's warning, even without a command. A classifier
 * that throws gives `unknown`, not a crash: an unclassified command must still need a
 * human's approval.
 */
export function attachLevels(runbook: CompiledRunbook, classify: ClassifyCommand): LeveledRunbook {
  const steps: LeveledStep[] = runbook.steps.map((step) => {
    const command = step.isShell ? (step.runCommand ?? step.command) : null;
    const verdict = command ? safeClassify(classify, command) : null;
    const rollbackCommand = step.runRollback ?? step.rollback;
    const rollback = rollbackCommand ? safeClassify(classify, rollbackCommand) : null;
    const raised = raise(verdict, step);
    return {
      ...step,
      level: raised?.level ?? null,
      levelSummary: raised?.summary ?? null,
      rollbackLevel: rollback?.level ?? null,
    };
  });
  return { ...runbook, steps };
}

const ORDER: RiskLevel[] = ['safe', 'unknown', 'caution', 'dangerous'];

/** The classifier's verdict, raised to the level of the warning the author put on the step. */
function raise(
  verdict: { level: RiskLevel; summary: string | null } | null,
  step: Pick<RunbookStep, 'warning'>,
): { level: RiskLevel; summary: string | null } | null {
  const warning = step.warning;
  if (!warning) return verdict;
  if (verdict && ORDER.indexOf(verdict.level) >= ORDER.indexOf(warning.level)) return verdict;
  return { level: warning.level, summary: `Raised by the runbook's warning: ${shorten(warning.text)}` };
}

function shorten(text: string): string {
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
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
