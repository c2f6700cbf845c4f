import type { RiskLevel } from '../classifier/types.js';

/**
 * What the copilot's tools may read and the one thing they may ask for (a proposal card).
 * The service implements it from Postgres for one thread; tests implement it in memory.
 * Nothing here runs, approves or changes a step: the copilot has no such door.
 */
export interface IncidentFacts {
  incidentId: string;
  title: string;
  service: string | null;
  source: string;
  openedAt: string;
  /** The alert's own fields (severity, labels, summary…), redacted. Untrusted text. */
  alertFields: Record<string, unknown>;
  match: { runbook: string | null; score: number | null; reason: string | null };
}

export interface StepFacts {
  index: number;
  title: string;
  state: string;
  level: string | null;
  /** Redacted, as the step message shows it. */
  command: string | null;
  /** The last lines the command printed, redacted. Untrusted text. */
  outputTail: string | null;
  exitCode: number | null;
}

export interface RunFacts {
  executionId: string;
  state: string;
  runbookTitle: string;
  startedBy: string;
  steps: StepFacts[];
}

export interface RunbookHit {
  slug: string;
  title: string;
  steps: number;
}

export interface RunbookStepText {
  runbookTitle: string;
  index: number;
  title: string;
  /** The step's prose and command as the runbook wrote them (command redacted). Untrusted text. */
  text: string;
  command: string | null;
}

export interface AuditFact {
  seq: number;
  at: string;
  type: string;
  actor: string;
  data: Record<string, unknown>;
}

export interface CommandVerdict {
  level: RiskLevel;
  target: string | null;
  reasons: Array<{ ruleId: string; level: RiskLevel; message: string }>;
}

export interface ProposalRequest {
  command: string;
  why: string;
  /** The turn read alert, runbook or output text before proposing: the card says so. */
  afterUntrusted: boolean;
}

export interface ProposalOutcome {
  proposalTs: string;
  level: RiskLevel;
  gate: string;
}

export interface CopilotFacts {
  incident(): Promise<IncidentFacts | null>;
  run(): Promise<RunFacts | null>;
  searchRunbooks(query: string, limit: number): Promise<RunbookHit[]>;
  runbookStep(slug: string | null, index: number | null): Promise<RunbookStepText[]>;
  audit(limit: number): Promise<AuditFact[]>;
  classify(command: string): CommandVerdict;
  /** Posts a proposal card, classified and gated like a runbook step. Never runs anything. */
  propose(request: ProposalRequest): Promise<ProposalOutcome>;
}
