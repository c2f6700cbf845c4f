import type {
  Ambiguity,
  CompiledRunbook,
  Prerequisite,
  RunbookMetadata,
  RunbookStep,
  RunbookVariable,
  SourceFormat,
  StepBranch,
} from '../types.js';
import { stepAmbiguities, undefinedVariableAmbiguities } from './ambiguities.js';
import { buildBranches } from './branches.js';
import type { StepDraft } from './draft.js';
import { placeholdersIn, type VariableRef, variablesInCommand } from './shell/variables.js';
import type { VariableDefinition } from './step-builder.js';

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
  /** Branches stated outright (the LLM's), instead of reading them from the drafts. */
  branches?: StepBranch[];
  /** Ambiguities stated outright, added to those found in the drafts. */
  ambiguities?: Ambiguity[];
}

/**
 * Drafts → the typed runbook both compilers return: ids in document order, the variables
 * each step uses, branches, ambiguities. Pure, so the same drafts give the same runbook.
 */
export function finaliseRunbook(input: FinaliseInput): CompiledRunbook {
  const declared = new Set([...Object.keys(input.metadata.variables), ...input.definitions.keys()]);
  const refsByStep = input.drafts.map((draft) => variableRefs(draft, declared));
  const steps: RunbookStep[] = input.drafts.map((draft, index) => ({
    id: `s${index + 1}`,
    order: index + 1,
    title: draft.title,
    text: draft.text.join('\n\n').trim(),
    command: draft.command,
    language: draft.language,
    isShell: draft.isShell,
    section: draft.section,
    rollback: draft.rollback,
    variables: refsByStep[index]!.map((r) => r.name),
  }));
  const variables = collectVariables(steps, refsByStep, input.definitions, input.metadata);
  const read = buildBranches(input.drafts, steps);
  const branches = input.branches ?? read.branches;
  const branchAmbiguities = input.branches ? [] : read.ambiguities;
  const ambiguities: Ambiguity[] = dedupeAmbiguities([
    ...(input.ambiguities ?? []),
    ...input.drafts.flatMap((draft, index) => stepAmbiguities(draft, steps[index]!)),
    ...branchAmbiguities,
    ...undefinedVariableAmbiguities(variables),
    ...runbookAmbiguities(input.drafts),
  ]);
  return {
    title: input.title,
    summary: input.summary,
    metadata: input.metadata,
    steps,
    variables,
    prerequisites: input.prerequisites,
    branches,
    ambiguities,
    source: input.source,
    compiler: input.compiler,
    warnings: input.warnings,
  };
}

/** The command's variables, the rollback's (needed to undo), or a query's placeholders. */
function variableRefs(draft: StepDraft, declared: ReadonlySet<string>): VariableRef[] {
  const refs: VariableRef[] = [];
  if (draft.command) refs.push(...variablesInCommand(draft.command, declared));
  if (draft.rollback) refs.push(...variablesInCommand(draft.rollback, declared));
  if (draft.code) refs.push(...placeholdersIn(draft.code));
  const seen = new Set<string>();
  return refs.filter((r) => !seen.has(r.name) && seen.add(r.name));
}

function collectVariables(
  steps: RunbookStep[],
  refsByStep: VariableRef[][],
  definitions: Map<string, VariableDefinition>,
  metadata: RunbookMetadata,
): RunbookVariable[] {
  const byName = new Map<string, RunbookVariable>();
  refsByStep.forEach((refs, index) => {
    for (const ref of refs) {
      const known = byName.get(ref.name);
      if (known) {
        if (!known.usedInSteps.includes(steps[index]!.id)) known.usedInSteps.push(steps[index]!.id);
        known.default ??= ref.default;
        continue;
      }
      byName.set(ref.name, {
        name: ref.name,
        syntax: ref.syntax,
        usedInSteps: [steps[index]!.id],
        description: null,
        default: ref.default,
        pattern: null,
      });
    }
  });
  // Declared but unused still shows: lint reports it, and the Start modal can ask for it.
  for (const name of [...Object.keys(metadata.variables), ...definitions.keys()]) {
    if (!byName.has(name)) {
      byName.set(name, { name, syntax: '$VAR', usedInSteps: [], description: null, default: null, pattern: null });
    }
  }
  for (const variable of byName.values()) {
    const declared = metadata.variables[variable.name];
    const defined = definitions.get(variable.name);
    variable.description = declared?.description ?? defined?.description ?? null;
    variable.default = declared?.default ?? defined?.default ?? variable.default;
    variable.pattern = declared?.pattern ?? null;
  }
  return [...byName.values()];
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
