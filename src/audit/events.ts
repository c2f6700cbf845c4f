/**
 * Audit event names: past-tense facts, named for the person who reads them later.
 * Adding a name here is how a module gets to write a new kind of event.
 */
export const AUDIT_EVENT_TYPES = [
  'alert.received',
  'alert.matched',
  'alert.unmatched',
  'alert.ignored',
  'incident.opened',
  'runbook.version_created',
  'command.classified',
  'execution.started',
  'execution.variables_set',
  'execution.step_ready',
  'execution.step_auto_approved',
  'execution.step_approval_requested',
  'execution.step_approved',
  'execution.step_edited',
  'execution.step_skipped',
  'execution.step_started',
  'execution.step_succeeded',
  'execution.step_failed',
  'execution.step_timed_out',
  'execution.step_needs_manual_intervention',
  'execution.step_approval_expired',
  'execution.rollback_offered',
  'execution.rollback_started',
  'execution.action_refused',
  'execution.aborted',
  'execution.completed',
  'governance.mode_changed',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export interface AuditEventInput {
  tenantId: string;
  type: AuditEventType;
  /** A Slack user id, or `system:<component>` for the product itself. */
  actor: string;
  subject?: { type: 'alert' | 'incident' | 'execution' | 'step' | 'runbook' | 'command' | 'workspace'; id: string };
  data?: Record<string, unknown>;
}

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
