import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types for Kysely, written by hand next to the migrations (kysely-codegen needs a
 * live database at build time). Keep in step with migrations/.
 */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;

export interface AlertInboxTable {
  id: Generated<string>;
  tenant_id: string;
  source: 'pagerduty' | 'opsgenie' | 'jsm' | 'alertmanager' | 'grafana' | 'generic';
  delivery_id: string;
  event_type: string;
  received_at: Generated<Date>;
  headers: Json<Record<string, string>>;
  raw_body: string;
  raw_bytes: Buffer | null;
  storage_notes: ColumnType<string[], string[] | undefined, string[]>;
  payload: Json;
  status: ColumnType<AlertStatus, AlertStatus | undefined, AlertStatus>;
  processed_at: Timestamp | null;
  error: string | null;
  /** False until the delivery's audit event is written (in a batch, right after it is stored). */
  audited: Generated<boolean>;
}
export type AlertStatus = 'received' | 'matched' | 'unmatched' | 'ignored' | 'failed';

export interface RunbooksTable {
  id: Generated<string>;
  tenant_id: string;
  slug: string;
  created_at: Generated<Date>;
  locked_at: Timestamp | null;
  locked_by: string | null;
  lock_reason: string | null;
}

export interface RunbookVersionsTable {
  id: Generated<string>;
  tenant_id: string;
  runbook_id: string;
  version: number;
  title: string;
  source_kind: 'file' | 'slack' | 'http';
  source_format: string;
  source_text: string;
  source_sha256: string;
  compiled: Json;
  services: string[];
  alerts: string[];
  keywords: string[];
  trust_level: number;
  approvers: string[];
  search_text: string;
  search: ColumnType<string, never, never>;
  created_by: string;
  created_at: Generated<Date>;
}

export interface IncidentsTable {
  id: Generated<string>;
  tenant_id: string;
  alert_id: string | null;
  source: string;
  external_id: string | null;
  title: string;
  service: string | null;
  runbook_version_id: string | null;
  match: Json;
  channel_id: string | null;
  message_ts: string | null;
  created_at: Generated<Date>;
  group_key: string | null;
  status: Generated<IncidentStatus>;
  urgency: string | null;
  url: string | null;
  triggered_at: Generated<Date>;
  acknowledged_at: Date | null;
  mitigated_at: Date | null;
  resolved_at: Date | null;
  reopened_count: Generated<number>;
  /** 'now' (its own message), 'summarised' (named in a storm summary until someone opens it). */
  announce: Generated<'now' | 'summarised'>;
  /** The storm summary message that named it (ts), once posted. */
  summarised_in: string | null;
  /** The incident whose thread tells of this one (a related alert: same fingerprint, or same service in a storm). */
  joined_to: string | null;
}
export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

/** Every alert (by fingerprint) an incident's group has held, and whether the thread was told. */
export interface IncidentAlertsTable {
  tenant_id: string;
  incident_id: string;
  fingerprint: string;
  title: string;
  status: 'firing' | 'resolved';
  first_alert_id: string;
  noted: Generated<boolean>;
  /** It stopped firing and fires again, and the thread has not been told. */
  firing_again: Generated<boolean>;
  updated_at: Generated<Date>;
}

export interface ExecutionsTable {
  id: Generated<string>;
  tenant_id: string;
  incident_id: string | null;
  runbook_version_id: string;
  state: string;
  channel_id: string;
  thread_ts: string | null;
  started_by: string;
  governance_mode: string;
  dry_run: boolean;
  variables: Json<Record<string, string>>;
  choices: ColumnType<unknown, string | undefined, string>;
  prefill: ColumnType<unknown, string | undefined, string>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  finished_at: Timestamp | null;
}

export interface ExecutionStepsTable {
  id: Generated<string>;
  tenant_id: string;
  execution_id: string;
  step_index: number;
  step_key: string;
  title: string;
  text: Generated<string>;
  command_template: string | null;
  command: string | null;
  command_sha256: string | null;
  rollback_command: string | null;
  level: 'safe' | 'caution' | 'dangerous' | 'unknown' | null;
  target: string | null;
  classification: Json | null;
  state: string;
  approval_kind: 'click' | 'typed_confirm' | 'manual' | null;
  approval_requested_at: Timestamp | null;
  approval_expires_at: Timestamp | null;
  policy: Json | null;
  message_ts: string | null;
  edited_by: string | null;
  decided_by: string | null;
  exit_code: number | null;
  output_tail: string | null;
  output_truncated: Generated<boolean>;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  version: Generated<number>;
  updated_at: Generated<Date>;
}

export interface StepRunsTable {
  id: Generated<string>;
  tenant_id: string;
  step_id: string;
  kind: 'command' | 'rollback';
  command: string;
  command_sha256: string;
  dry_run: boolean;
  status: ColumnType<StepRunStatus, StepRunStatus | undefined, StepRunStatus>;
  worker_id: string | null;
  heartbeat_at: Timestamp | null;
  approval_id: string | null;
  exit_code: number | null;
  output_tail: string | null;
  output_bytes: ColumnType<string, number | undefined, number>;
  output_truncated: Generated<boolean>;
  /** How long the command itself ran (not the Slack updates around it). */
  duration_ms: number | null;
  queued_at: Generated<Date>;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}
export type StepRunStatus =
  | 'queued'
  | 'running'
  | 'succeeded'
  | 'not_executed'
  | 'failed'
  | 'timed_out'
  | 'lost'
  | 'cancelled';

export interface ApprovalsTable {
  id: Generated<string>;
  tenant_id: string;
  step_id: string;
  approver: string;
  decision: 'approved' | 'rejected';
  command_sha256: string;
  target: string | null;
  runbook_version_id: string;
  binding_sha256: string;
  typed_confirmation: string | null;
  expires_at: Timestamp;
  consumed_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface WorkspacesTable {
  tenant_id: string;
  team_name: string | null;
  bot_user_id: string | null;
  governance_mode: ColumnType<'strict' | 'audit', 'strict' | 'audit' | undefined, 'strict' | 'audit'>;
  enterprise_id: string | null;
  incident_channel: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AuditEventsTable {
  tenant_id: string;
  /** Set by the chain trigger; whatever the insert passes is overwritten. */
  seq: ColumnType<string, never, never>;
  occurred_at: Generated<Date>;
  event_type: string;
  actor: string;
  subject_type: string | null;
  subject_id: string | null;
  data: Json<Record<string, unknown>>;
  prev_hash: ColumnType<string, never, never>;
  row_hash: ColumnType<string, never, never>;
}

export interface AuditChainHeadsTable {
  tenant_id: string;
  seq: string;
  head_hash: string;
}

export type RoleName = 'viewer' | 'responder' | 'author' | 'approver' | 'admin';

export interface RoleGrantsTable {
  tenant_id: string;
  principal_kind: 'user' | 'usergroup';
  principal_id: string;
  role: RoleName;
  granted_by: string;
  granted_at: Generated<Date>;
}

export interface PanicSwitchTable {
  scope: string;
  pulled_by: string;
  reason: string | null;
  pulled_at: Generated<Date>;
}

export interface Database {
  alert_inbox: AlertInboxTable;
  runbooks: RunbooksTable;
  runbook_versions: RunbookVersionsTable;
  incidents: IncidentsTable;
  incident_alerts: IncidentAlertsTable;
  executions: ExecutionsTable;
  execution_steps: ExecutionStepsTable;
  step_runs: StepRunsTable;
  approvals: ApprovalsTable;
  workspaces: WorkspacesTable;
  audit_events: AuditEventsTable;
  audit_chain_heads: AuditChainHeadsTable;
  role_grants: RoleGrantsTable;
  panic_switch: PanicSwitchTable;
  copilot_turns: CopilotTurnsTable;
  copilot_notices: CopilotNoticesTable;
  feedback_cards: FeedbackCardsTable;
  copilot_styles: CopilotStylesTable;
  copilot_proposals: CopilotProposalsTable;
}

export type AlertRow = Selectable<AlertInboxTable>;
export type RunbookVersionRow = Selectable<RunbookVersionsTable>;
export type IncidentRow = Selectable<IncidentsTable>;
export type ExecutionRow = Selectable<ExecutionsTable>;
export type ExecutionStepRow = Selectable<ExecutionStepsTable>;
export type StepRunRow = Selectable<StepRunsTable>;
export type ApprovalRow = Selectable<ApprovalsTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
export type ExecutionStepUpdate = Updateable<ExecutionStepsTable>;

// ── the threaded incident copilot (migrations/2026-12-06T0200_copilot.ts) ─────────────
export type CopilotTurnStatus = 'queued' | 'running' | 'answered' | 'failed' | 'off';

export interface CopilotTurnsTable {
  id: Generated<string>;
  tenant_id: string;
  event_id: string;
  channel_id: string;
  thread_ts: string;
  message_ts: string;
  user_id: string;
  question: string;
  incident_id: string | null;
  team: ColumnType<string, string | undefined, string>;
  status: ColumnType<CopilotTurnStatus, CopilotTurnStatus | undefined, CopilotTurnStatus>;
  reply_ts: string | null;
  answer: string | null;
  bundle: Json | null;
  created_at: Generated<Date>;
  finished_at: Timestamp | null;
}

export interface CopilotNoticesTable {
  tenant_id: string;
  channel_id: string;
  thread_ts: string;
  kind: string;
  posted_at: Generated<Date>;
}

export interface FeedbackCardsTable {
  id: Generated<string>;
  tenant_id: string;
  team: string;
  kind: 'answer' | 'run';
  subject_id: string;
  user_id: string;
  rating: number;
  note: string | null;
  created_at: Generated<Date>;
}

export interface CopilotStylesTable {
  tenant_id: string;
  team: string;
  style: Json;
  updated_at: Generated<Date>;
}

export interface CopilotProposalsTable {
  id: Generated<string>;
  tenant_id: string;
  turn_id: string;
  channel_id: string;
  thread_ts: string;
  command: string;
  why: string;
  level: string;
  after_untrusted: boolean;
  message_ts: string | null;
  execution_id: string | null;
  started_by: string | null;
  created_at: Generated<Date>;
}
