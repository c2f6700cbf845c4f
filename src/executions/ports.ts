import type { TrustLevel } from '../approvals/policy.js';

/**
 * What the execution engine needs to know about a runbook version (from the runbooks service).
 * Fields marked optional were added by the runbook compiler's step graph (docs/runbooks.md §13);
 * a spec without them behaves as before: every step with a command runs locally, in order.
 */
export interface RunbookStepSpec {
  key: string;
  title: string;
  text: string;
  /**
   * What the engine fills and runs where the executor runs: placeholders written `${NAME}`,
   * assignments of variables the runbook set itself in front, and for a step inside a pod,
   * node or SSH session the exact wrapped form (`oc exec … -- cmd`). Null for a step done by
   * hand (no shell command, a command that opens an interactive shell, or one inside a
   * context that cannot be wrapped exactly): never run such a step locally.
   */
  command: string | null;
  /** The rollback prepared (and wrapped) like `command`; null when there is none or the step is done by hand. */
  rollback: string | null;
  /** Variables the engine asks for and fills in `command` (never those the runbook sets itself). */
  variables: string[];
  /** `local` | `wrapped` | `manual`: how `command` came to be; `manual` means `command` is null. */
  runMode?: 'local' | 'wrapped' | 'manual';
  /** The command as the author wrote it, for display (`ceph status` in the toolbox). */
  writtenCommand?: string | null;
  /** Where the written command runs when not locally: `toolbox` opened by `oc rsh …` in step `s2`. */
  context?: {
    kind: 'pod' | 'toolbox' | 'node' | 'chroot' | 'ssh' | 'vm' | 'database' | 'container' | 'shell';
    opener: string | null;
    openedByStepKey: string | null;
  } | null;
  /** The step opens an interactive shell that later steps run in (it is done by hand). */
  opensContext?: boolean;
  /** The heading group the step sits in (`RunbookSpec.groups`). */
  groupKey?: string | null;
  /** The branch option the step belongs to: run it only when that option was picked. */
  branch?: { branchKey: string; option: number } | null;
  /** The command runs until stopped (`logs -f`, `top`, `watch`); `bounded` ends on its own. */
  longRunning?: { what: string; bounded: string | null } | null;
  /** The author's warning about this step, and the least level it is gated at. */
  warning?: { text: string; level: 'caution' | 'dangerous' } | null;
}

/** A choice the engineer makes before the first step of any option (`RunbookSpec.branches`). */
export interface RunbookBranchSpec {
  key: string;
  kind: 'condition' | 'choice';
  question: string;
  /** The step after which to ask; null: before the first step. */
  afterStepKey: string | null;
  options: Array<{ label: string; stepKeys: string[]; jumpToStepKey: string | null }>;
  /** Where every option goes on; null: the runbook ends. */
  continueAtStepKey: string | null;
  /** Asked only when this option of an outer branch was picked. */
  within: { branchKey: string; option: number } | null;
}

export interface RunbookSpec {
  versionId: string;
  title: string;
  trustLevel: TrustLevel;
  approvers: string[];
  /** Who published this version: its front matter never makes them an approver. */
  createdBy: string;
  /** Variables whose values may contain shell metacharacters. */
  allowMetacharacters: string[];
  /** Per-runbook step timeout override, seconds. */
  timeoutSeconds: number | null;
  steps: RunbookStepSpec[];
  /** What the author said about each variable (front matter `variables:`). */
  variables: RunbookVariableSpec[];
  /** Choices between steps; steps in no option run in order. */
  branches?: RunbookBranchSpec[];
  /** Headings and their steps (sub-headings nest with `parentKey`). */
  groups?: Array<{ key: string; title: string; depth: number; parentKey: string | null; stepKeys: string[] }>;
  /** What must hold before step 1; `implied` ones come from the commands, not the text. */
  prerequisites?: Array<{ text: string; kind: string; command: string | null; implied: boolean }>;
  /** Commands in the text that are in no step, with the reason (shown to the author, never run). */
  dropped?: Array<{ text: string; reason: string; message: string }>;
}

export interface RunbookVariableSpec {
  name: string;
  description: string | null;
  /** Offered as the value in the modal. */
  default: string | null;
  /** A regular expression the whole value must match. */
  pattern: string | null;
  /** Where the alert carries the value (`service`, `label.namespace`); null: guessed from the name. */
  from?: string | null;
}

export interface RunbookLock {
  lockedBy: string;
  reason: string | null;
}

export interface RunbookSource {
  getSpec(tenantId: string, versionId: string): Promise<RunbookSpec>;
  /** Set when an admin locked the runbook: no new runs start from any of its versions. */
  lockOf(tenantId: string, versionId: string): Promise<RunbookLock | null>;
}
