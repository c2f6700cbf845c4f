import type { Ambiguity, RunbookStep, StepBranch } from '../types.js';
import type { StepDraft } from './draft.js';
import type { StepReference } from './instructions.js';

/**
 * "If X, do Y" items as a small graph. A conditional step is judged after the step before
 * it; when it holds, its own action runs (or the step it points to: "go to step 6"). An
 * "Otherwise …" step right after it, or a pointer in it, is the else arm.
 */
export function buildBranches(
  drafts: StepDraft[],
  steps: RunbookStep[],
): { branches: StepBranch[]; ambiguities: Ambiguity[] } {
  const branches: StepBranch[] = [];
  const ambiguities: Ambiguity[] = [];
  drafts.forEach((draft, index) => {
    if (!draft.conditional) return;
    const self = steps[index]!;
    const resolve = (ref: StepReference | null): string[] | null => {
      if (!ref) return null;
      const ids = resolveReference(ref, drafts, steps, index);
      if (ids.length === 0) {
        ambiguities.push({
          stepId: self.id,
          text: ref.kind === 'number' ? `step ${ref.number}` : ref.name,
          question: `This points to ${ref.kind === 'number' ? `step ${ref.number}` : `"${ref.name}"`}, which the runbook does not have. Which step is meant?`,
        });
      }
      return ids;
    };
    const thenIds = resolve(draft.conditional.target);
    const next = drafts[index + 1];
    const elseIds = next?.otherwise ? (resolve(next.otherwise.target) ?? [steps[index + 1]!.id]) : [];
    branches.push({
      fromStepId: (steps[index - 1] ?? self).id,
      condition: draft.conditional.condition,
      thenStepIds: thenIds && thenIds.length > 0 ? thenIds : [self.id],
      elseStepIds: elseIds,
    });
  });
  return { branches, ambiguities };
}

function resolveReference(ref: StepReference, drafts: StepDraft[], steps: RunbookStep[], from: number): string[] {
  if (ref.kind === 'number') {
    const section = drafts[from]!.section;
    const numbered = drafts.findIndex((d) => d.listNumber === ref.number && d.section === section);
    if (numbered >= 0) return [steps[numbered]!.id];
    return steps[ref.number - 1] ? [steps[ref.number - 1]!.id] : [];
  }
  const wanted = slug(ref.name);
  return drafts.flatMap((d, i) =>
    d.headingPath.some((h) => slug(h) === wanted || slug(h).startsWith(`${wanted}-`)) ? [steps[i]!.id] : [],
  );
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
