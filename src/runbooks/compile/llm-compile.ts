import { z } from 'zod';
import { DomainError, isDomainError } from '../../lib/errors.js';
import { LlmError, type LlmPort } from '../../lib/llm.js';
import {
  type Ambiguity,
  type CompiledRunbook,
  type CompileOptions,
  PREREQUISITE_KINDS,
  type StepBranch,
} from '../types.js';
import { buildPrepared, compilePrepared, type PreparedRunbook, prepareRunbook } from './deterministic.js';
import { newDraft, type StepDraft } from './draft.js';
import { finaliseRunbook } from './finalise.js';
import { detectLanguage, languageFromTag } from './language.js';
import { restoreHidden, shareableRunbook } from './llm-secrets.js';
import { dedupePrerequisites } from './prerequisites.js';
import type { BuiltRunbook } from './step-builder.js';
import { oneLine } from './titles.js';

/**
 * The strict schema the model fills. Every field is required (nullable, never optional):
 * OpenAI's strict structured outputs demand it. Step references are 1-based positions.
 */
export const LlmRunbookSchema = z.object({
  title: z.string(),
  summary: z.string().nullable(),
  steps: z.array(
    z.object({
      title: z.string(),
      text: z.string(),
      command: z.string().nullable(),
      language: z.string().nullable(),
      section: z.string().nullable(),
      rollback: z.string().nullable(),
    }),
  ),
  prerequisites: z.array(
    z.object({ text: z.string(), kind: z.enum(PREREQUISITE_KINDS), command: z.string().nullable() }),
  ),
  branches: z.array(
    z.object({
      fromStep: z.number(),
      condition: z.string(),
      thenSteps: z.array(z.number()),
      elseSteps: z.array(z.number()),
    }),
  ),
  ambiguities: z.array(z.object({ step: z.number().nullable(), text: z.string(), question: z.string() })),
});
export type LlmRunbook = z.infer<typeof LlmRunbookSchema>;

export const LLM_SYSTEM_PROMPT = `You turn an on-call runbook (Markdown) into ordered steps for engineers who will run them from Slack.
Rules:
- One step per action, in document order. Title: the instruction, short. Text: the runbook's words for that step.
- command: one shell command copied EXACTLY from the runbook (no prompt like "$ ", no output lines); null when the step has none. Never write a command the runbook does not contain. Keep placeholders ($VAR, <pod-name>) as written.
- PromQL, SQL, YAML, JSON and sample output are not shell: put them in text, set command null and language to "promql", "sql", "yaml", "json" or "text".
- rollback: the inverse command when the runbook gives one ("Rollback:", "Undo:"), copied exactly; else null.
- section: the heading the step sits under (e.g. "Diagnosis", "Mitigation"), or null.
- prerequisites: what must hold before starting (VPN, credentials/profile, tools, access such as a kube context).
- branches: "if X then Y" as fromStep (the step after which X is judged), thenSteps, elseSteps (1-based step numbers).
- ambiguities: vague instructions with no command ("check the logs": which logs?), undefined placeholders, commands with "...". step is the 1-based step number or null.`;

export interface LlmCompileOptions extends CompileOptions {
  /** Schema name sent to the model. */
  schemaName?: string;
}

/**
 * The LLM compiler, checked against the deterministic one and falling back to it: every
 * command the model returns must appear in the source text (no invented commands), a
 * command the deterministic compiler found and the model dropped is put back, and on an
 * LLM failure or a failed check the deterministic result is returned with a warning why.
 */
export async function compileWithLlm(
  llm: LlmPort,
  text: string,
  options: LlmCompileOptions = {},
): Promise<CompiledRunbook> {
  const prepared = prepareRunbook(text, options);
  const built = buildPrepared(prepared);
  let baseline: CompiledRunbook | null = null;
  let baselineError: DomainError | null = null;
  try {
    baseline = compilePrepared(prepared, built);
  } catch (err) {
    if (!isDomainError(err, 'runbook_empty')) throw err;
    baselineError = err;
  }
  const fallback = (reason: string): CompiledRunbook => {
    if (baseline) return { ...baseline, warnings: [...baseline.warnings, reason] };
    throw new DomainError(baselineError!.code, baselineError!.message, { ...baselineError!.details, llm: reason });
  };

  let answer: LlmRunbook;
  try {
    answer = await llm.structured({
      name: options.schemaName ?? 'runbook_extraction',
      schema: LlmRunbookSchema,
      system: LLM_SYSTEM_PROMPT,
      user: shareableRunbook(prepared.normalised.markdown),
    });
  } catch (err) {
    if (err instanceof LlmError) {
      return fallback(`LLM extraction failed (${err.kind}): ${shorten(err.message)}. Used the deterministic result.`);
    }
    throw err;
  }

  const restored = withSecretsRestored(answer, built);
  if (typeof restored === 'string')
    return fallback(`LLM extraction rejected: ${restored}. Used the deterministic result.`);
  const problem = checkAnswer(restored, text, prepared);
  if (problem) return fallback(`LLM extraction rejected: ${problem}. Used the deterministic result.`);
  return assemble(restored, prepared, baseline, built);
}

/** The answer with each command the model saw with a hidden secret put back as written; or why that failed. */
function withSecretsRestored(answer: LlmRunbook, built: BuiltRunbook): LlmRunbook | string {
  const originals = [
    ...built.steps.flatMap((s) => [s.command, s.rollback, s.code]),
    ...built.prerequisites.map((p) => p.command),
  ].filter((c): c is string => c !== null);
  let unmatched: string | null = null;
  const restore = (command: string | null) => {
    if (command === null) return null;
    const found = restoreHidden(stripPrompt(command), originals, normaliseCode);
    if (found === null) unmatched ??= command;
    return found ?? command;
  };
  const restored: LlmRunbook = {
    ...answer,
    steps: answer.steps.map((s) => ({ ...s, command: restore(s.command), rollback: restore(s.rollback) })),
    prerequisites: answer.prerequisites.map((p) => ({ ...p, command: restore(p.command) })),
  };
  return unmatched === null
    ? restored
    : `the command \`${oneLine(unmatched)}\` hides a secret the runbook's commands do not`;
}

/** Null when the answer may be used; else why not. */
function checkAnswer(answer: LlmRunbook, raw: string, prepared: PreparedRunbook): string | null {
  if (answer.steps.length === 0) return 'it returned no steps';
  const corpus = [normaliseCode(raw), normaliseCode(prepared.normalised.markdown)];
  const inSource = (command: string) => corpus.some((c) => c.includes(normaliseCode(stripPrompt(command))));
  const commands = [
    ...answer.steps.flatMap((s) => [s.command, s.rollback]),
    ...answer.prerequisites.map((p) => p.command),
  ].filter((c): c is string => c !== null && c.trim() !== '');
  const invented = commands.find((c) => !inSource(c));
  if (invented) return `the command \`${oneLine(invented)}\` does not appear in the runbook`;
  const count = answer.steps.length;
  const outOfRange = (n: number) => !Number.isInteger(n) || n < 1 || n > count;
  const badBranch = answer.branches.find(
    (b) => outOfRange(b.fromStep) || [...b.thenSteps, ...b.elseSteps].some(outOfRange),
  );
  if (badBranch) return `a branch refers to a step that does not exist ("${badBranch.condition}")`;
  return null;
}

function assemble(
  answer: LlmRunbook,
  prepared: PreparedRunbook,
  baseline: CompiledRunbook | null,
  built: BuiltRunbook,
): CompiledRunbook {
  const drafts = answer.steps.map((step) => withReaderFacts(draftFrom(step), built.steps));

  // Positions of the model's steps after restored ones are slotted in.
  const positions = drafts.map((_, i) => i);
  const restored = restoreDroppedCommands(drafts, positions, built.steps);
  const id = (n: number) => `s${positions[n - 1]! + 1}`;
  const branches = answer.branches.map((b, index) => llmBranch(b, index, positions, drafts.length));
  const ambiguities: Ambiguity[] = answer.ambiguities.map((a) => ({
    stepId:
      a.step !== null && Number.isInteger(a.step) && a.step >= 1 && a.step <= answer.steps.length ? id(a.step) : null,
    text: a.text,
    question: a.question,
  }));
  const warnings =
    restored.length > 0
      ? [
          `Restored ${restored.length} command(s) the LLM left out: ${restored.map((c) => `\`${oneLine(c)}\``).join(', ')}.`,
        ]
      : [];

  return finaliseRunbook({
    title: prepared.metadata.title ?? (answer.title.trim() || baseline?.title || 'Untitled runbook'),
    summary: answer.summary ?? baseline?.summary ?? null,
    metadata: prepared.metadata,
    drafts,
    prerequisites: dedupePrerequisites([
      ...answer.prerequisites.map((p) => ({ ...p, implied: false, stepIds: [] })),
      ...built.prerequisites,
    ]),
    definitions: built.definitions,
    dropped: built.dropped,
    headings: built.headings,
    proseNames: built.proseNames,
    source: { format: prepared.normalised.format, sha256: prepared.sha256 },
    compiler: 'llm',
    warnings,
    branches,
    ambiguities,
  });
}

function draftFrom(step: LlmRunbook['steps'][number]): StepDraft {
  const draft = newDraft({
    title: step.title.trim() || 'Step',
    origin: step.command ? 'command' : 'item',
    text: [step.text],
    section: step.section,
    headingPath: step.section ? [step.section] : [],
    rollback: step.rollback ? stripPrompt(step.rollback) : null,
    concrete: true,
  });
  if (step.command) {
    const command = stripPrompt(step.command);
    const language = languageFromTag(step.language) ?? detectLanguage(command);
    // The model's "command" may be a query; only shell runs.
    if (language.isShell) Object.assign(draft, { command, language: language.language, isShell: true });
    else Object.assign(draft, { code: command, language: language.language, origin: 'query' as const });
  } else if (step.language) {
    draft.language = languageFromTag(step.language)?.language ?? step.language;
  }
  return draft;
}

/**
 * What the reader knows about a command that the model cannot: the headings it sits under,
 * the warning next to it, the sessions left before it. Taken from the reader's step with
 * the same command.
 */
function withReaderFacts(draft: StepDraft, read: StepDraft[]): StepDraft {
  if (!draft.command) return draft;
  const key = normaliseCode(draft.command);
  const same = read.find((d) => d.command !== null && normaliseCode(d.command) === key);
  if (!same) return draft;
  return { ...draft, headingIds: same.headingIds, warning: same.warning, exitsBefore: same.exitsBefore };
}

/** The model's "if X then Y else Z" as a condition with two options. */
function llmBranch(b: LlmRunbook['branches'][number], index: number, positions: number[], count: number): StepBranch {
  const id = (n: number) => `s${positions[n - 1]! + 1}`;
  const thenStepIds = b.thenSteps.map(id);
  const elseStepIds = b.elseSteps.map(id);
  const last = Math.max(...[b.fromStep, ...b.thenSteps, ...b.elseSteps].map((n) => positions[n - 1]! + 1));
  return {
    id: `b${index + 1}`,
    kind: 'condition',
    question: `${b.condition}?`,
    options: [
      { label: 'Yes', stepIds: thenStepIds, jumpToStepId: null },
      { label: 'No', stepIds: elseStepIds, jumpToStepId: null },
    ],
    joinStepId: last < count ? `s${last + 1}` : null,
    within: null,
    fromStepId: id(b.fromStep),
    condition: b.condition,
    thenStepIds,
    elseStepIds,
  };
}

/**
 * Every command the deterministic compiler found must survive. A missing one is inserted
 * after the step holding the command that preceded it in the deterministic order.
 * `positions` (index of each model step in `drafts`) is kept up to date.
 */
function restoreDroppedCommands(drafts: StepDraft[], positions: number[], read: StepDraft[]): string[] {
  const restored: string[] = [];
  let insertAfter = -1;
  for (const step of read) {
    if (!step.command) continue;
    const key = normaliseCode(step.command);
    const found = drafts.findIndex((d) => d.command !== null && normaliseCode(d.command).includes(key));
    if (found >= 0) {
      insertAfter = found;
      continue;
    }
    const draft: StepDraft = {
      ...step,
      text: [...step.text],
      forks: [],
      conditional: null,
      otherwise: null,
      issues: [],
    };
    insertAfter += 1;
    drafts.splice(insertAfter, 0, draft);
    for (let i = 0; i < positions.length; i++) if (positions[i]! >= insertAfter) positions[i]! += 1;
    restored.push(step.command);
  }
  return restored;
}

/** Whitespace and `\` line continuations do not make a command different. */
function normaliseCode(text: string): string {
  return text
    .replace(/\\\r?\n/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function stripPrompt(command: string): string {
  return command.trim().replace(/^\$\s+/, '');
}

/** A zod error is a page of JSON; a warning is one line. */
function shorten(message: string): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 299)}…` : flat;
}
