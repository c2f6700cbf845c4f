import type { TrustLevel } from '../approvals/policy.js';

/** What the execution engine needs to know about a runbook version (from the runbooks service). */
export interface RunbookStepSpec {
  key: string;
  title: string;
  text: string;
  command: string | null;
  rollback: string | null;
  variables: string[];
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
}

export interface RunbookVariableSpec {
  name: string;
  description: string | null;
  /** Offered as the value in the modal. */
  default: string | null;
  /** A regular expression the whole value must match. */
  pattern: string | null;
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
