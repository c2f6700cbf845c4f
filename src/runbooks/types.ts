/**
 * The runbook compiler's public contract: one typed result for both the deterministic
 * and the LLM compiler. Other features read only these types and ./index.ts.
 */
import type { RiskLevel } from '../classifier/types.js';

export const SOURCE_FORMATS = ['markdown', 'html', 'confluence', 'text'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

// biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
export const VARIABLE_SYNTAXES = ['$VAR', '${VAR}', '<var>', '{{var}}'] as const;
export type VariableSyntax = (typeof VARIABLE_SYNTAXES)[number];

export const PREREQUISITE_KINDS = ['network', 'credentials', 'tool', 'access', 'other'] as const;
export type PrerequisiteKind = (typeof PREREQUISITE_KINDS)[number];

/** Front matter, validated. Unknown keys are kept in `extra` (real runbooks carry `weight`). */
export interface RunbookMetadata {
  title: string | null;
  services: string[];
  /** Alert names this runbook answers; the matcher's keys. */
  alerts: string[];
  keywords: string[];
  trust_level: 0 | 1 | 2;
  owners: string[];
  /** Slack user ids (U…/W…) or user-group handles (@sre-leads) or ids (S…). */
  approvers: string[];
  /** Variable names whose values may contain shell metacharacters. */
  allow_shell_metacharacters: string[];
  timeout_seconds: number | null;
  /** Variables declared in front matter (`variables: { NAMESPACE: { description, pattern, default } }`). */
  variables: Record<string, DeclaredVariable>;
  extra: Record<string, unknown>;
}

export interface DeclaredVariable {
  description: string | null;
  /** A regular expression (source) the value must match in full. */
  pattern: string | null;
  default: string | null;
}

export interface RunbookStep {
  /** Stable within one compile of the same text: s1, s2, … in document order. */
  id: string;
  /** 1-based position. */
  order: number;
  title: string;
  /** The Markdown the step came from (instruction, code, notes). */
  text: string;
  /** One shell command (possibly multi-line); null when the step has none or its code is not shell. */
  command: string | null;
  /** Language of the step's code ('bash', 'sh', 'promql', 'yaml', 'sql', 'json', 'text', …); null without code. */
  language: string | null;
  isShell: boolean;
  /** The top-level section it sits in ('Diagnosis', 'Mitigation', …), null before any section. */
  section: string | null;
  /** The inverse command the author gave ("Rollback: …", "Undo: …"), null when none. */
  rollback: string | null;
  /** Variable names used in the command (or in placeholders of a non-shell query). */
  variables: string[];
}

export interface RunbookVariable {
  name: string;
  syntax: VariableSyntax;
  usedInSteps: string[];
  description: string | null;
  default: string | null;
  pattern: string | null;
}

export interface Prerequisite {
  text: string;
  kind: PrerequisiteKind;
  /** A command the author gave for it (`aws sso login --profile prod`), when any. */
  command: string | null;
}

/** "If X then Y": after `fromStepId`, run `thenStepIds` when the condition holds, else `elseStepIds`. */
export interface StepBranch {
  fromStepId: string;
  condition: string;
  thenStepIds: string[];
  elseStepIds: string[];
}

export interface Ambiguity {
  /** The step it concerns; null when it concerns the runbook as a whole. */
  stepId: string | null;
  /** What the author wrote. */
  text: string;
  /** What an on-call engineer would have to ask. */
  question: string;
}

export interface CompiledRunbook {
  title: string;
  summary: string | null;
  metadata: RunbookMetadata;
  steps: RunbookStep[];
  variables: RunbookVariable[];
  prerequisites: Prerequisite[];
  branches: StepBranch[];
  ambiguities: Ambiguity[];
  source: { format: SourceFormat; sha256: string };
  compiler: 'deterministic' | 'llm';
  /** Why the LLM result was not used or was amended; empty when nothing to say. */
  warnings: string[];
}

export interface CompileOptions {
  /** Used for format detection (by extension) and as the last-resort title. */
  fileName?: string;
  /** Skip detection. */
  format?: SourceFormat;
}

/** What `attachLevels` adds to a step. */
export interface LeveledStep extends RunbookStep {
  /** Null when the step has no shell command. */
  level: RiskLevel | null;
  /** The classifier's deciding reason, one sentence; null without a command. */
  levelSummary: string | null;
  rollbackLevel: RiskLevel | null;
}

export interface LeveledRunbook extends Omit<CompiledRunbook, 'steps'> {
  steps: LeveledStep[];
}

/**
 * The slice of the classifier's ScanVerdict the compiler needs. Injected, so the compiler
 * never imports the classifier (`scanCommand` satisfies it).
 */
export interface CommandVerdict {
  level: RiskLevel;
  deciding?: { message: string };
  reasons?: ReadonlyArray<{ message: string }>;
}
export type ClassifyCommand = (command: string) => CommandVerdict;
