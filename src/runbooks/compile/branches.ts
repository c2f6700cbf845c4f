import type { Ambiguity, BranchOption, RunbookStep, StepBranch } from '../types.js';
import type { ForkMark, StepDraft } from './draft.js';
import type { StepReference } from './instructions.js';

/**
 * The step graph's choice points, as data. Forks ("Alternatively", "Option A/B", version
 * and platform forks, sibling "### If …" headings, "`a` or `b`") become one choice each;
 * "If X, do Y" (with its "Otherwise …") becomes a yes/no condition. A step in an option runs
 * only when the engineer picks that option; every other step runs in order.
 */
export interface BranchGraph {
  branches: StepBranch[];
  /** The innermost option each step belongs to. */
  branchOf: Array<{ branchId: string; option: number } | null>;
  ambiguities: Ambiguity[];
}

export function buildBranches(drafts: StepDraft[], steps: RunbookStep[]): BranchGraph {
  const graph: BranchGraph = { branches: [], branchOf: drafts.map(() => null), ambiguities: [] };
  const scopeBranch = new Map<string, string>();
  for (const scope of scopesInOrder(drafts)) forkBranch(scope, drafts, steps, graph, scopeBranch);
  drafts.forEach((draft, index) => {
    if (draft.conditional) conditionBranch(index, drafts, steps, graph);
  });
  return graph;
}

interface Scope {
  id: string;
  options: Map<number, { label: string; kind: ForkMark['kind']; indices: number[] }>;
}

function scopesInOrder(drafts: StepDraft[]): Scope[] {
  const scopes = new Map<string, Scope>();
  drafts.forEach((draft, index) => {
    for (const fork of draft.forks) {
      const scope = scopes.get(fork.scope) ?? { id: fork.scope, options: new Map() };
      scopes.set(fork.scope, scope);
      const option = scope.options.get(fork.option) ?? { label: fork.label, kind: fork.kind, indices: [] };
      scope.options.set(fork.option, option);
      option.indices.push(index);
    }
  });
  return [...scopes.values()];
}

function forkBranch(
  scope: Scope,
  drafts: StepDraft[],
  steps: RunbookStep[],
  graph: BranchGraph,
  scopeBranch: Map<string, string>,
): void {
  const options = [...scope.options.entries()].sort((a, b) => a[0] - b[0]).map(([, o]) => o);
  const indices = options.flatMap((o) => o.indices);
  const first = Math.min(...indices);
  const last = Math.max(...indices);
  const id = `b${graph.branches.length + 1}`;
  scopeBranch.set(scope.id, id);
  const choice = options.length > 1;
  const branchOptions: BranchOption[] = options.map((o) => ({
    label: o.label,
    stepIds: o.indices.map((i) => steps[i]!.id),
    jumpToStepId: null,
  }));
  if (!choice) branchOptions.push({ label: 'No', stepIds: [], jumpToStepId: null });
  const question = choice ? choiceQuestion(options.map((o) => o.kind)) : `${options[0]!.label}?`;
  graph.branches.push(
    branch({ id, kind: choice ? 'choice' : 'condition', question, options: branchOptions }, steps, first, last),
  );
  options.forEach((o, option) => {
    for (const i of o.indices) graph.branchOf[i] = { branchId: id, option };
  });
  const within = enclosing(drafts[first]!, scope.id, scopeBranch);
  if (within) graph.branches.at(-1)!.within = within;
}

/** The option of an outer fork that a fork sits in. */
function enclosing(
  draft: StepDraft,
  scope: string,
  scopeBranch: Map<string, string>,
): { branchId: string; option: number } | null {
  const at = draft.forks.findIndex((f) => f.scope === scope);
  const outer = at > 0 ? draft.forks[at - 1] : undefined;
  const branchId = outer ? scopeBranch.get(outer.scope) : undefined;
  return outer && branchId ? { branchId, option: outer.option } : null;
}

function choiceQuestion(kinds: Array<ForkMark['kind']>): string {
  if (kinds.every((k) => k === 'version')) return 'Which version is the cluster running?';
  if (kinds.every((k) => k === 'platform')) return 'Which platform is the cluster on?';
  if (kinds.every((k) => k === 'case')) return 'Which case applies?';
  if (kinds.every((k) => k === 'option')) return 'Which option do you want to take?';
  return 'Which of these do you want to do?';
}

function conditionBranch(index: number, drafts: StepDraft[], steps: RunbookStep[], graph: BranchGraph): void {
  const draft = drafts[index]!;
  const self = steps[index]!;
  const resolve = (ref: StepReference | null): string[] | null => {
    if (!ref) return null;
    const ids = resolveReference(ref, drafts, steps, index);
    if (ids.length === 0) {
      graph.ambiguities.push({
        stepId: self.id,
        text: ref.kind === 'number' ? `step ${ref.number}` : ref.name,
        question: `This points to ${ref.kind === 'number' ? `step ${ref.number}` : `"${ref.name}"`}, which the runbook does not have. Which step is meant?`,
      });
    }
    return ids;
  };
  const jump = resolve(draft.conditional!.target);
  // "If the database does not recover, check the cache:" and the code under it: one action.
  let end = index;
  while (!jump?.length && drafts[end + 1]?.unit === draft.unit && !drafts[end + 1]!.otherwise) end++;
  const own = Array.from({ length: end - index + 1 }, (_, i) => index + i);
  const next = drafts[end + 1];
  const elseJump = next?.otherwise ? resolve(next.otherwise.target) : null;
  const elseSteps = next?.otherwise && !elseJump?.length ? [end + 1] : [];
  const id = `b${graph.branches.length + 1}`;
  const yes: BranchOption = jump?.length
    ? { label: 'Yes', stepIds: [], jumpToStepId: jump[0]! }
    : { label: 'Yes', stepIds: own.map((i) => steps[i]!.id), jumpToStepId: null };
  const no: BranchOption = {
    label: next?.otherwise ? 'No' : 'No (go on)',
    stepIds: elseSteps.map((i) => steps[i]!.id),
    jumpToStepId: elseJump?.[0] ?? null,
  };
  const made = branch(
    { id, kind: 'condition', question: `${draft.conditional!.condition}?`, options: [yes, no] },
    steps,
    index,
    Math.max(end, ...elseSteps),
  );
  made.condition = draft.conditional!.condition;
  const within = graph.branchOf[index];
  if (within) made.within = within;
  graph.branches.push(made);
  if (!jump?.length) for (const i of own) graph.branchOf[i] = { branchId: id, option: 0 };
  for (const i of elseSteps) graph.branchOf[i] = { branchId: id, option: 1 };
}

function branch(
  core: Pick<StepBranch, 'id' | 'kind' | 'question' | 'options'>,
  steps: RunbookStep[],
  first: number,
  last: number,
): StepBranch {
  const [head, ...rest] = core.options;
  return {
    ...core,
    joinStepId: steps[last + 1]?.id ?? null,
    fromStepId: steps[first - 1]?.id ?? null,
    condition: core.question.replace(/\?$/, ''),
    thenStepIds: head?.jumpToStepId ? [head.jumpToStepId] : (head?.stepIds ?? []),
    elseStepIds: rest.flatMap((o) => (o.jumpToStepId ? [o.jumpToStepId] : o.stepIds)),
    within: null,
  };
}

function resolveReference(ref: StepReference, drafts: StepDraft[], steps: RunbookStep[], from: number): string[] {
  if (ref.kind === 'number') {
    const here = drafts[from]!;
    const sameList = drafts.findIndex(
      (d) => d.listNumber === ref.number && d.headingIds.at(-1) === here.headingIds.at(-1),
    );
    if (sameList >= 0) return [steps[sameList]!.id];
    const numbered = drafts.findIndex((d) => d.listNumber === ref.number && d.section === here.section);
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
