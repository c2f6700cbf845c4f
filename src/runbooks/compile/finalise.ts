import type {
  Ambiguity,
  CompiledRunbook,
  DroppedCommand,
  ExecutionContext,
  Prerequisite,
  RunbookMetadata,
  RunbookStep,
  RunbookVariable,
  SourceFormat,
  StepBranch,
} from '../types.js';
import { stepAmbiguities, undefinedVariableAmbiguities } from './ambiguities.js';
import { buildBranches } from './branches.js';
import { placeSteps } from './contexts.js';
import type { VariableDefinition } from './definitions.js';
import type { DraftDrop, HeadingInfo, StepDraft } from './draft.js';
import { buildGroups } from './groups.js';
import { impliedPrerequisites } from './implied-prerequisites.js';
import { longRunning } from './long-running.js';
import { emptyProseNames, type ProseNames, rewritePlaceholders } from './placeholders.js';
import { dedupePrerequisites } from './prerequisites.js';
import { prepareVariables, type StepVariables, splitPrefix } from './run-commands.js';

export interface FinaliseInput {
  title: string;
  summary: string | null;
  metadata: RunbookMetadata;
  drafts: StepDraft[];
  prerequisites: Prerequisite[];
  definitions: Map<string, VariableDefinition>;
  source: { format: SourceFormat; sha256: string };
  compiler: CompiledRunbook['compiler'];
  warnings: string[];
  /** Commands the reader saw and made no step of. */
  dropped?: DraftDrop[];
  headings?: HeadingInfo[];
  proseNames?: ProseNames;
  /** Branches stated outright (the LLM's), instead of reading them from the drafts. */
  branches?: StepBranch[];
  /** Ambiguities stated outright, added to those found in the drafts. */
  ambiguities?: Ambiguity[];
}

/**
 * Drafts → the typed runbook both compilers return: ids in document order, the variables
 * and prepared command of each step, where it runs, its group and branch, long-running
 * and warning flags, implied prerequisites, dropped commands, ambiguities. Pure, so the
 * same drafts give the same runbook.
 */
export function finaliseRunbook(input: FinaliseInput): CompiledRunbook {
  const { drafts } = input;
  const ids = drafts.map((_, i) => `s${i + 1}`);
  const names = input.proseNames ?? emptyProseNames();
  const prepared = prepareVariables({
    drafts,
    ids,
    definitions: input.definitions,
    metadata: input.metadata,
    proseNames: names,
  });
  const placed = placeSteps({
    drafts,
    ids,
    runCommands: prepared.steps.map((s) => s.runCommand),
    queryText: (d) => (d.code && !d.isShell ? oneLineQuery(rewritePlaceholders(d.code.trim(), names).text) : null),
  });
  const grouped = buildGroups(input.headings ?? [], drafts, ids);
  const steps = drafts.map((draft, index) =>
    toStep(draft, index, { ids, prepared: prepared.steps[index]!, placed, groupId: grouped.groupOf[index] ?? null }),
  );
  addWrapperVariables(steps, prepared.variables, placed.contexts);
  const read = buildBranches(drafts, steps);
  const branchOf = input.branches ? branchesOfSteps(input.branches, steps) : read.branchOf;
  steps.forEach((step, index) => {
    step.branch = branchOf[index] ?? null;
  });
  const implied = impliedPrerequisites({
    steps,
    contexts: placed.contexts,
    stated: input.prerequisites,
    environment: prepared.environment,
  });
  return {
    title: input.title,
    summary: input.summary,
    metadata: input.metadata,
    steps,
    variables: prepared.variables,
    prerequisites: dedupePrerequisites([...input.prerequisites, ...implied]),
    branches: input.branches ?? read.branches,
    groups: grouped.groups,
    contexts: placed.contexts,
    dropped: resolveDropped(input.dropped ?? [], drafts, steps, input.prerequisites),
    ambiguities: dedupeAmbiguities([
      ...(input.ambiguities ?? []),
      ...drafts.flatMap((draft, index) => stepAmbiguities(draft, steps[index]!)),
      ...(input.branches ? [] : read.ambiguities),
      ...placed.ambiguities,
      ...undefinedVariableAmbiguities(prepared.variables),
      ...runbookAmbiguities(drafts),
    ]),
    source: input.source,
    compiler: input.compiler,
    warnings: input.warnings,
  };
}

/** One draft as a step: its prepared command, where it runs and how, its group and flags. */
function toStep(
  draft: StepDraft,
  index: number,
  facts: { ids: string[]; prepared: StepVariables; placed: ReturnType<typeof placeSteps>; groupId: string | null },
): RunbookStep {
  const place = facts.placed.placements[index]!;
  const { runCommand, runRollback, refs } = facts.prepared;
  const rewrap = (inner: string) => facts.placed.rewrap(index, inner);
  return {
    id: facts.ids[index]!,
    order: index + 1,
    title: draft.title,
    text: draft.text.join('\n\n').trim(),
    command: draft.command,
    language: draft.language,
    isShell: draft.isShell,
    section: draft.section,
    rollback: draft.rollback,
    variables: refs.map((r) => r.name),
    runCommand,
    runRollback,
    runMode: place.runMode,
    context: place.context,
    wrappedCommand: place.wrappedCommand,
    wrappedRollback: place.runMode === 'wrapped' && runRollback ? rewrap(runRollback) : null,
    opensContextId: place.opensContextId,
    groupId: facts.groupId,
    branch: null,
    longRunning: runCommand && !place.opensContextId ? flagLongRunning(runCommand, place, rewrap) : null,
    warning: draft.warning,
  };
}

/** A wrapped command also needs its openers' variables (`oc debug node/$NODE_NAME -- …`). */
function addWrapperVariables(steps: RunbookStep[], variables: RunbookVariable[], contexts: ExecutionContext[]): void {
  const known = new Map(variables.map((v) => [v.name, v]));
  const byId = new Map(steps.map((s) => [s.id, s]));
  const contextOf = new Map(contexts.map((c) => [c.id, c]));
  for (const step of steps) {
    if (!step.wrappedCommand) continue;
    for (let c = contextOf.get(step.context?.id ?? ''); c; c = contextOf.get(c.parentId ?? '')) {
      const opener = c.openedByStepId ? byId.get(c.openedByStepId) : undefined;
      for (const name of opener?.variables ?? []) {
        const variable = known.get(name);
        if (!variable || step.variables.includes(name)) continue;
        step.variables.push(name);
        variable.usedInSteps.push(step.id);
        variable.usedInSteps.sort((a, b) => byId.get(a)!.order - byId.get(b)!.order);
      }
    }
  }
}

/** The long-running flag, its bounded form passed into the step's context like the command itself. */
function flagLongRunning(
  runCommand: string,
  place: { runMode: string },
  rewrap: (inner: string) => string | null,
): RunbookStep['longRunning'] {
  // The assignments put in front never run long: read the command after them, and keep them.
  const { prefix, body } = splitPrefix(runCommand);
  const flag = longRunning(body);
  if (!flag?.bounded) return flag;
  const bounded = prefix + flag.bounded;
  return { ...flag, bounded: place.runMode === 'wrapped' ? rewrap(bounded) : bounded };
}

/** Branches stated outright (the LLM's): each step in an option belongs to it. */
function branchesOfSteps(branches: StepBranch[], steps: RunbookStep[]): Array<RunbookStep['branch']> {
  const of = new Map<string, RunbookStep['branch']>();
  for (const b of branches) {
    b.options.forEach((o, option) => {
      for (const id of o.stepIds) of.set(id, { branchId: b.id, option });
    });
  }
  return steps.map((s) => of.get(s.id) ?? null);
}

/**
 * Dropped commands that no step, rollback or prerequisite holds after all (an inline
 * mention of the command the next code block runs is no loss), each once.
 */
function resolveDropped(
  dropped: DraftDrop[],
  drafts: StepDraft[],
  steps: RunbookStep[],
  prerequisites: Prerequisite[],
): DroppedCommand[] {
  const held = [...steps.flatMap((s) => [s.command, s.rollback]), ...prerequisites.map((p) => p.command)]
    .filter((c): c is string => c !== null)
    .map(flat);
  const seen = new Set<string>();
  return dropped.flatMap((d) => {
    const text = flat(d.text);
    const key = `${d.reason}\u0000${text}`;
    const keep = d.reason === 'session-exit' || d.reason === 'session-noise' || !held.some((h) => h.includes(text));
    if (!keep || seen.has(key)) return [];
    seen.add(key);
    const after = d.after ? drafts.indexOf(d.after) : -1;
    return [
      { text: d.text, reason: d.reason, message: d.message, section: d.section, afterStepId: steps[after]?.id ?? null },
    ];
  });
}

/** A query typed on several lines reads the same on one, unless a `--` comment would swallow the rest. */
function oneLineQuery(query: string): string {
  return /--|#|\/\*/.test(query) ? query : query.replace(/\s*\n\s*/g, ' ');
}

function flat(text: string): string {
  return text.replace(/\\\n/g, ' ').replace(/\s+/g, ' ').trim();
}

function runbookAmbiguities(drafts: StepDraft[]): Ambiguity[] {
  if (drafts.length > 0 && drafts.every((d) => d.origin === 'reference')) {
    return [
      {
        stepId: null,
        text: drafts[0]!.title,
        question:
          'The runbook only points to another document. Which steps should be run? Copy them here so they can be run from Slack.',
      },
    ];
  }
  return [];
}

function dedupeAmbiguities(ambiguities: Ambiguity[]): Ambiguity[] {
  const seen = new Set<string>();
  return ambiguities.filter((a) => {
    const key = `${a.stepId}\u0000${a.text}\u0000${a.question}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
