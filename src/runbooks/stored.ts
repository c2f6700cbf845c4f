import { displayVariable } from './compile/ambiguities.js';
import type { CompiledRunbook, RunbookStep, RunbookVariable } from './types.js';

/**
 * A compiled runbook as stored by an earlier version of the compiler, read as today's
 * type: fields added since (contexts, groups, branches as choices, prepared commands …)
 * get the values that keep the old behaviour: every shell command runs locally as written.
 */
export function upgradeCompiled(stored: CompiledRunbook): CompiledRunbook {
  const old = stored as Partial<CompiledRunbook> & Pick<CompiledRunbook, 'steps' | 'variables' | 'branches'>;
  if (old.contexts && old.groups && old.dropped) return stored;
  return {
    ...stored,
    steps: stored.steps.map(upgradeStep),
    variables: stored.variables.map(upgradeVariable),
    prerequisites: stored.prerequisites.map((p) => ({ ...p, implied: p.implied ?? false, stepIds: p.stepIds ?? [] })),
    branches: stored.branches.map((b, i) => ({
      ...b,
      id: b.id ?? `b${i + 1}`,
      kind: b.kind ?? 'condition',
      question: b.question ?? `${b.condition}?`,
      options: b.options ?? [
        { label: 'Yes', stepIds: b.thenStepIds, jumpToStepId: null },
        { label: 'No', stepIds: b.elseStepIds, jumpToStepId: null },
      ],
      joinStepId: b.joinStepId ?? null,
      within: b.within ?? null,
    })),
    groups: old.groups ?? [],
    contexts: old.contexts ?? [],
    dropped: old.dropped ?? [],
  };
}

function upgradeStep(step: RunbookStep): RunbookStep {
  if (step.runMode) return step;
  const shell = step.isShell && step.command !== null;
  return {
    ...step,
    runCommand: shell ? step.command : null,
    runRollback: step.rollback,
    runMode: shell ? 'local' : 'manual',
    context: null,
    wrappedCommand: null,
    wrappedRollback: null,
    opensContextId: null,
    groupId: null,
    branch: null,
    longRunning: null,
    warning: null,
  };
}

function upgradeVariable(variable: RunbookVariable): RunbookVariable {
  if (variable.source) return variable;
  return { ...variable, written: displayVariable(variable), source: 'user', setInStepId: null };
}
