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
  /** Variables whose values may contain shell metacharacters. */
  allowMetacharacters: string[];
  /** Per-runbook step timeout override, seconds. */
  timeoutSeconds: number | null;
  steps: RunbookStepSpec[];
}

export interface RunbookSource {
  getSpec(tenantId: string, versionId: string): Promise<RunbookSpec>;
}
