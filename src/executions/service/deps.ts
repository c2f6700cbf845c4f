import type { GovernanceMode } from '../../approvals/policy.js';
import type { ApprovalService } from '../../approvals/service.js';
import type { AuditLog } from '../../audit/audit-log.js';
import type { RiskLevel, ScanVerdict } from '../../classifier/types.js';
import type { Db } from '../../db/database.js';
import type { Authorizer } from '../../governance/authorizer.js';
import type { PanicState } from '../../governance/panic-state.js';
import type { ChatPort } from '../../lib/chat.js';
import type { Clock } from '../../lib/clock.js';
import type { CommandControlPort } from '../../lib/command-control.js';
import type { JobPort } from '../../lib/job-port.js';
import type { Logger } from '../../lib/logger.js';
import type { ContainmentMode } from '../executor/types.js';
import type { RunbookSource } from '../ports.js';

export interface LlmOpinionLike {
  level: RiskLevel;
  confidence: number;
  reasoning: string;
  suggestedRollback: string | null;
}

export interface MergedLike {
  level: RiskLevel;
  rule: string;
}

/** The classifier as the engine uses it: the scanner, the merge rules and (optionally) the LLM. */
export interface EngineClassifier {
  scan(command: string): ScanVerdict;
  merge(scanner: ScanVerdict, llm: LlmOpinionLike | null | { error: string }): MergedLike;
  /** Absent when no LLM is configured: the scanner's verdict stands. */
  opinion?: (input: {
    command: string;
    neighbours: { before: string[]; after: string[] };
    runbookTitle: string;
  }) => Promise<LlmOpinionLike>;
}

export interface EngineSettings {
  approvalTtlMs: number;
  /** How long a step waits for the LLM's opinion before the scanner's verdict stands alone. */
  llmWaitMs: number;
  timeoutsMs: { safe: number; caution: number; dangerous: number };
  outputCapBytes: number;
  envAllowlist: string[];
  /** The environment commands inherit allowlisted names from (the process's, passed in at boot). */
  parentEnv: Readonly<Record<string, string | undefined>>;
  /** A running step whose worker has not reported for this long is treated as lost. */
  heartbeatStaleMs: number;
  heartbeatEveryMs: number;
  workerId: string;
  /** How a step's process tree is held together (EXECUTION_CONTAINMENT). */
  containment: ContainmentMode;
}

/**
 * Everything the engine may use. Each function takes only the part it needs
 * (`Pick<EngineDeps, 'db' | 'audit'>`), so what a function can touch is in its signature.
 */
export interface EngineDeps {
  db: Db;
  audit: AuditLog;
  jobs: JobPort;
  chat: ChatPort;
  clock: Clock;
  logger: Logger;
  runbooks: RunbookSource;
  classifier: EngineClassifier;
  governance: { mode(tenantId: string): Promise<GovernanceMode> };
  approvals: ApprovalService;
  /** Asks whichever worker runs a command to kill it (⛔ Abort, the panic switch). */
  control: CommandControlPort;
  /** The panic switch as it stands for a workspace (null when off). */
  panic: { stateFor(tenantId: string): Promise<PanicState | null> };
  authz: Pick<Authorizer, 'require' | 'requireRunbookApprover'>;
  /** Commands as people may read them (secrets masked): for Slack, the audit log, logs and the LLM. */
  redactCommand: (command: string) => string;
  settings: EngineSettings;
}
