/**
 * Audit events: past-tense facts, named for the person who reads them later, one distinct
 * type per fact, each with the data it carries. Adding an entry here is how a module gets
 * to write a new kind of event; the compiler then checks every writer's data.
 */

/** What every step event carries (added by the one function that changes a step's state). */
export interface StepFact {
  executionId: string;
  stepIndex: number;
  from: string;
  to: string;
}

interface Alert {
  source: string;
  deliveryId: string;
  eventType: string;
  title: string;
  service: string | null;
  /** When the delivery was stored (its event is sealed into the chain in a batch just after). */
  receivedAt?: string;
}

interface IncidentUpdateFact {
  alertId: string;
  change: string;
  from: string;
  to: string;
  actor: string | null;
  note: string | null;
}

interface MatchFact {
  incidentId: string;
  runbookVersionId: string | null;
  runbookTitle: string | null;
  score: number | null;
  reason: string | null;
  runnersUp: Array<{ versionId: string; title: string; score: number }>;
}

interface RunResultFact {
  runId: string;
  kind: 'command' | 'rollback';
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  outputBytes: number;
  dryRun: boolean;
}

export interface AuditEventData {
  'alert.received': Alert & { note?: string };
  'alert.ignored': Alert;
  'alert.matched': MatchFact;
  'alert.unmatched': MatchFact;
  /** alertId is null for an incident opened by hand (`/runbook run`). */
  'incident.opened': {
    alertId: string | null;
    title: string;
    service: string | null;
    channel: string;
    /** A related alert: the incident whose thread tells of it (it has no message of its own). */
    joinedTo?: string | null;
  };
  /** A later delivery of the incident's source changed it (acknowledged, resolved, reopened, updated, new alerts). */
  'incident.updated': IncidentUpdateFact;
  'runbook.version_created': {
    slug: string;
    version: number;
    versionId: string;
    title: string;
    sourceKind: string;
    sourceSha256: string;
    steps: number;
    compiler: string;
    diff: { summary: string; trustLevel: [number, number] | null; approversAdded: string[] } | null;
  };
  'runbook.locked': { slug: string; reason: string | null };
  'runbook.unlocked': { slug: string };
  'command.classified': {
    executionId: string;
    commandSha256: string;
    /** Redacted: what a person may read (the real command only runs, never rests). */
    command: string;
    scannerLevel: string;
    scannerRuleIds: string[];
    llmLevel: string | null;
    llmConfidence: number | null;
    llmReasoning: string | null;
    mergeRule: string;
    level: string;
  };
  'execution.started': {
    incidentId: string | null;
    runbookVersionId: string;
    runbookTitle: string;
    steps: number;
    governanceMode: string;
    trustLevel: number;
    dryRun: boolean;
  };
  'execution.completed': { dryRun: boolean };
  'execution.aborted': { atStep: number; reason: string };
  'execution.variables_set': StepFact & { values: Record<string, string> };
  'execution.step_ready': StepFact & { title?: string; missingVariables?: string[] };
  'execution.step_auto_approved': StepFact & { commandSha256: string; level: string; reason: string };
  'execution.step_approval_requested': StepFact & {
    gate: string;
    level?: string;
    commandSha256?: string;
    expiresAt?: string;
    context?: string;
  };
  'execution.step_approved': StepFact & ApprovalFact;
  'execution.rollback_started': StepFact & ApprovalFact;
  'execution.step_edited': StepFact & { fromCommand: string | null; toCommand: string };
  'execution.step_skipped': StepFact & { level: string | null; reason?: string };
  'execution.branch_chosen': {
    executionId: string;
    branchKey: string;
    question: string;
    option: number;
    label: string;
  };
  'execution.step_marked_done': StepFact & { level: string | null };
  'execution.step_marked_failed': StepFact;
  'execution.step_retried': StepFact;
  'execution.approval_rerequested': StepFact;
  'execution.step_started': {
    executionId: string;
    runId: string;
    kind: 'command' | 'rollback';
    commandSha256: string;
    dryRun: boolean;
    workerId: string;
  };
  'execution.step_succeeded': StepFact & RunResultFact;
  'execution.step_dry_run': StepFact & RunResultFact;
  'execution.step_failed': StepFact & RunResultFact;
  'execution.step_timed_out': StepFact & RunResultFact;
  'execution.rollback_succeeded': StepFact & RunResultFact;
  'execution.rollback_failed': StepFact & RunResultFact;
  'execution.rollback_offered': StepFact & { rollbackCommand: string; level: string };
  'execution.step_needs_manual_intervention': StepFact & {
    runId: string;
    workerId: string | null;
    lastHeartbeat: string | null;
  };
  'execution.step_approval_expired': StepFact & { requestedAt?: string; expiredAt?: string };
  'execution.approval_voided': StepFact & { runId: string; reason: string };
  'execution.command_cancelled': StepFact & { runId: string; reason: string };
  'execution.step_aborted': StepFact;
  'execution.command_killed': StepFact & { runId: string; reason: string; signalled: boolean };
  'execution.step_halted': StepFact & { reason: string };
  'execution.action_refused': { action: string; code: string; reason: string };
  'governance.mode_changed': { mode: string; previous: string };
  'governance.panic_on': { reason: string | null; scope: 'tenant' | 'global' };
  'governance.panic_off': { scope: 'tenant' | 'global' };
  'roles.granted': { principalKind: 'user' | 'usergroup'; principalId: string; role: string };
  'roles.revoked': { principalKind: 'user' | 'usergroup'; principalId: string; role: string };
  'authz.refused': { action: string; reason: string; resource: string | null };
  // operations (src/ops): installation-wide facts go to the `_ops` chain
  'ops.backup_created': {
    bytes: number;
    sha256: string;
    location: string;
    schemaVersion: string | null;
    auditChainHeads: unknown;
  };
  'ops.backup_failed': { error: string; location: string };
  'ops.backup_verified': BackupCheckFact;
  'ops.backup_verification_failed': BackupCheckFact;
  'ops.backup_pruned': { reason: string; location: string };
  'ops.drill_passed': DrillFact;
  'ops.drill_failed': DrillFact;
  'ops.health_alerted': HealthFact;
  'ops.health_recovered': HealthFact;
  'ops.health_flapping': HealthFact;
  'ops.slo_burn_alerted': {
    tenantId: string | null;
    status: string;
    budgetRemaining: number;
    guardEngaged: string[];
  };
  'ops.slo_guard_engaged': { from: string; to: string; burnRate1h: number };
  'ops.digest_posted': { tenantId: string; period: 'day' | 'week' };
  // the threaded incident copilot (src/copilot): one bundle per turn
  'copilot.turn_answered': CopilotBundleFact;
  'copilot.turn_failed': CopilotBundleFact;
  'copilot.tool_refused': { turnId: string; tool: string; outcome: string; mode: string };
  'copilot.proposal_posted': {
    turnId: string | null;
    command: string;
    level: string;
    gate: string;
    afterUntrusted: boolean;
  };
  'copilot.feedback_given': {
    kind: 'answer' | 'run';
    subjectId: string;
    team: string;
    rating: number;
    note: string | null;
  };
  'copilot.style_recalibrated': { team: string; from: unknown; to: unknown; cards: number };
}

/** What a copilot turn ran with and did (src/copilot/bundle.ts builds it). */
export interface CopilotBundleFact {
  turnId: string;
  incidentId: string | null;
  [key: string]: unknown;
}

interface BackupCheckFact {
  checks: Array<{ name: string; ok: boolean; ran: boolean }>;
  failed: string[];
  durationMs: number;
  restoreMs: number | null;
  throughputMBps: number | null;
}

interface DrillFact {
  kind: 'quick' | 'full';
  backupId: string | null;
  rtoMs: number | null;
  rpoMs: number | null;
  failed: string[];
}

interface HealthFact {
  detail: string;
  critical: boolean;
  notification: string;
  episodeSince: string | null;
}

interface ApprovalFact {
  approverSlackUserId: string;
  commandSha256: string;
  level: string;
  gate: string;
  target: string | null;
  typedConfirmation: string | null;
  approvalId: string;
}

export type AuditEventType = keyof AuditEventData;
export const AUDIT_EVENT_TYPES = Object.keys({
  'alert.received': 1,
  'alert.ignored': 1,
  'alert.matched': 1,
  'alert.unmatched': 1,
  'incident.opened': 1,
  'incident.updated': 1,
  'runbook.version_created': 1,
  'runbook.locked': 1,
  'runbook.unlocked': 1,
  'command.classified': 1,
  'execution.started': 1,
  'execution.completed': 1,
  'execution.aborted': 1,
  'execution.variables_set': 1,
  'execution.step_ready': 1,
  'execution.step_auto_approved': 1,
  'execution.step_approval_requested': 1,
  'execution.step_approved': 1,
  'execution.rollback_started': 1,
  'execution.step_edited': 1,
  'execution.step_skipped': 1,
  'execution.branch_chosen': 1,
  'execution.step_marked_done': 1,
  'execution.step_marked_failed': 1,
  'execution.step_retried': 1,
  'execution.approval_rerequested': 1,
  'execution.step_started': 1,
  'execution.step_succeeded': 1,
  'execution.step_dry_run': 1,
  'execution.step_failed': 1,
  'execution.step_timed_out': 1,
  'execution.rollback_succeeded': 1,
  'execution.rollback_failed': 1,
  'execution.rollback_offered': 1,
  'execution.step_needs_manual_intervention': 1,
  'execution.step_approval_expired': 1,
  'execution.approval_voided': 1,
  'execution.command_cancelled': 1,
  'execution.step_aborted': 1,
  'execution.command_killed': 1,
  'execution.step_halted': 1,
  'execution.action_refused': 1,
  'governance.mode_changed': 1,
  'governance.panic_on': 1,
  'governance.panic_off': 1,
  'roles.granted': 1,
  'roles.revoked': 1,
  'authz.refused': 1,
  'ops.backup_created': 1,
  'ops.backup_failed': 1,
  'ops.backup_verified': 1,
  'ops.backup_verification_failed': 1,
  'ops.backup_pruned': 1,
  'ops.drill_passed': 1,
  'ops.drill_failed': 1,
  'ops.health_alerted': 1,
  'ops.health_recovered': 1,
  'ops.health_flapping': 1,
  'ops.slo_burn_alerted': 1,
  'ops.slo_guard_engaged': 1,
  'ops.digest_posted': 1,
  'copilot.turn_answered': 1,
  'copilot.turn_failed': 1,
  'copilot.tool_refused': 1,
  'copilot.proposal_posted': 1,
  'copilot.feedback_given': 1,
  'copilot.style_recalibrated': 1,
} satisfies Record<AuditEventType, 1>) as AuditEventType[];

/** Step events: the data a caller of transitionStep gives (the step fact is added for it). */
export type StepEventType = {
  [K in AuditEventType]: AuditEventData[K] extends StepFact ? K : never;
}[AuditEventType];
export type StepEventData<K extends StepEventType> = Omit<AuditEventData[K], keyof StepFact>;

export type AuditSubject = {
  type:
    | 'alert'
    | 'incident'
    | 'execution'
    | 'step'
    | 'runbook'
    | 'command'
    | 'workspace'
    | 'principal'
    | 'backup'
    | 'drill'
    | 'health_check'
    | 'slo'
    | 'copilot_turn'
    | 'team';
  id: string;
};

export type AuditEventInput = {
  [K in AuditEventType]: {
    tenantId: string;
    type: K;
    /** A Slack user id, or `system:<component>` for the product itself. */
    actor: string;
    subject?: AuditSubject;
    data: AuditEventData[K];
  };
}[AuditEventType];

export interface AuditEvent {
  tenantId: string;
  seq: number;
  occurredAt: Date;
  type: string;
  actor: string;
  subjectType: string | null;
  subjectId: string | null;
  data: Record<string, unknown>;
  prevHash: string;
  rowHash: string;
}
