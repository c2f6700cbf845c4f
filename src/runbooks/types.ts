/**
 * The runbook compiler's public contract: one typed result for both the deterministic
 * and the LLM compiler. Other features read only these types and ./index.ts.
 */
import type { RiskLevel } from '../classifier/types.js';

export const SOURCE_FORMATS = ['markdown', 'html', 'confluence', 'text'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

// biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
export const VARIABLE_SYNTAXES = ['$VAR', '${VAR}', '<var>', '{{var}}', '[var]', 'VAR'] as const;
/** How the runbook writes a variable; `[var]` and a bare `VAR` only where its prose says they are placeholders. */
export type VariableSyntax = (typeof VARIABLE_SYNTAXES)[number];

export const PREREQUISITE_KINDS = ['network', 'credentials', 'tool', 'access', 'role', 'toolbox', 'other'] as const;
export type PrerequisiteKind = (typeof PREREQUISITE_KINDS)[number];

/**
 * Where a command runs when it is not the engineer's own shell: a pod (`oc rsh`, `kubectl
 * exec -it`), the Rook-Ceph or RHCOS toolbox, a node debug pod (`oc debug node/…`), the
 * node's root after `chroot /host`, a host over `ssh`, a VM console (`virtctl console`), a
 * database shell (`psql`, `redis-cli`), a container (`podman exec -it`), or a root shell.
 */
export const CONTEXT_KINDS = [
  'pod',
  'toolbox',
  'node',
  'chroot',
  'ssh',
  'vm',
  'database',
  'container',
  'shell',
] as const;
export type ContextKind = (typeof CONTEXT_KINDS)[number];

/**
 * How a step may be run by the executor: `local` runs `runCommand` where the executor runs;
 * `wrapped` runs `wrappedCommand` there instead (the same command, passed into its context
 * exactly: `oc exec … -- cmd`); `manual` must never run locally (a command inside a context
 * that cannot be wrapped exactly, a command that opens an interactive shell, or no shell
 * command at all): the engineer does it and reports back.
 */
export const RUN_MODES = ['local', 'wrapped', 'manual'] as const;
export type RunMode = (typeof RUN_MODES)[number];

export const DROP_REASONS = [
  'context-section',
  'not-an-instruction',
  'session-exit',
  'session-noise',
  'rollback-without-step',
  'variables-section',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

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
  /** Where the alert carries the value (`service`, `label.namespace`); null: guessed from the name. */
  from: string | null;
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
  /**
   * The command as the scanner reads it and the engine fills and runs it: every placeholder
   * written `${NAME}` (`<pod-name>` → `${POD_NAME}`), and the assignments of variables the
   * runbook set in earlier steps (`export X=$(…)`) put in front, since each step runs in its
   * own process. Null without a shell command.
   */
  runCommand: string | null;
  /** The rollback prepared the same way as `runCommand`. */
  runRollback: string | null;
  runMode: RunMode;
  /** Where the command runs, when not in the engineer's own shell; null for a local command. */
  context: StepContext | null;
  /** `runCommand` passed into its context so it runs from here, when that is exact. */
  wrappedCommand: string | null;
  /** `runRollback` wrapped the same way, for a wrapped step with a rollback. */
  wrappedRollback: string | null;
  /** The context this step's command opens (`oc rsh …`), null when it opens none. */
  opensContextId: string | null;
  /** The innermost heading group the step sits in; null before any heading. */
  groupId: string | null;
  /** The branch option the step belongs to: it runs only when the engineer picks that option. */
  branch: { branchId: string; option: number } | null;
  /** A command that runs until stopped (`top`, `logs -f`, `watch`), with a bounded form. */
  longRunning: LongRunning | null;
  /** A warning the author wrote about this step; it raises the step's level. */
  warning: StepWarning | null;
}

export interface StepContext {
  id: string;
  kind: ContextKind;
  /** The command that opens it (`oc debug node/<node_name>`), null when only the text says where it runs. */
  opener: string | null;
  openedByStepId: string | null;
}

/** One context: who opens it, what it is nested in, which steps run inside it. */
export interface ExecutionContext extends StepContext {
  parentId: string | null;
  /** How the runbook says it is entered: the opener, or its words ("From the toolbox pod"). */
  description: string;
  stepIds: string[];
}

export interface LongRunning {
  /** What makes it run until stopped: `-f`, `watch`, `top`, an interval without a count. */
  what: string;
  /** The same command bounded so it ends on its own (`--tail=200`, `top -b -n 1`), or null. */
  bounded: string | null;
}

export interface StepWarning {
  /** The author's words. */
  text: string;
  /** The least level the step is shown and gated at. */
  level: 'caution' | 'dangerous';
}

/** A heading and the steps under it (sub-headings are groups of their own, with `parentId`). */
export interface StepGroup {
  id: string;
  title: string;
  /** Markdown heading depth (2 for `##`). */
  depth: number;
  parentId: string | null;
  /** Steps directly under this heading, not under a sub-heading. */
  stepIds: string[];
}

/** A command the compiler saw and did not make a step of, and why. */
export interface DroppedCommand {
  text: string;
  reason: DropReason;
  /** Said to the author by `lint`. */
  message: string;
  section: string | null;
  /** The step it came after, null when before every step. */
  afterStepId: string | null;
}

export interface RunbookVariable {
  /** A shell name (`POD_NAME`); a placeholder `<pod-name>` is named in upper snake case. */
  name: string;
  syntax: VariableSyntax;
  /** How the runbook first writes it: `<pod-name>`, `$NAMESPACE`, `OSD_ID`. */
  written: string;
  /**
   * `user`: the engineer gives the value (or the alert's labels do). `runbook`: the runbook
   * sets it itself (`NAMESPACE=kube-etcd`, `export POD=$(oc get …)`); never asked.
   */
  source: 'user' | 'runbook';
  /** The step whose command sets it, when `source` is `runbook` and a step does. */
  setInStepId: string | null;
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
  /** True when the runbook does not say it but its commands need it (the `oc` CLI, cluster-admin). */
  implied: boolean;
  /** The steps that need it (for implied ones). */
  stepIds: string[];
}

/**
 * A choice the engineer makes, never a sequence: a condition ("If the pod is Pending, …";
 * options `yes` and `no`) or alternatives ("Alternatively …", "Option A / Option B", version
 * and platform forks). The engine asks before the first step of any option, runs only the
 * steps of the option picked, then goes on at `joinStepId` (null: the runbook ends).
 */
export interface StepBranch {
  id: string;
  kind: 'condition' | 'choice';
  /** What is asked: the condition, or what the options differ by. */
  question: string;
  options: BranchOption[];
  joinStepId: string | null;
  /** The option of an outer branch this one sits in (asked only when that option was picked). */
  within: { branchId: string; option: number } | null;
  /** The step after which the choice is made; null when it comes before the first step. */
  fromStepId: string | null;
  /** Kept for readers of the first version: `question`, the first option's steps, the others'. */
  condition: string;
  thenStepIds: string[];
  elseStepIds: string[];
}

export interface BranchOption {
  label: string;
  /** Steps run when this option is picked (empty: nothing extra, go on). */
  stepIds: string[];
  /** "go to step 6": where to go on instead of `joinStepId`. */
  jumpToStepId: string | null;
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
  groups: StepGroup[];
  contexts: ExecutionContext[];
  /** Commands that are in no step, each with the reason; `lint` prints them as warnings. */
  dropped: DroppedCommand[];
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
  /** Null when the step has no shell command and no warning; never below its warning's level. */
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
