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
  // operations (src/ops): installation-wide facts go to the `_ops` chain
  'ops.backup_created',
  'ops.backup_failed',
  'ops.backup_verified',
  'ops.backup_verification_failed',
  'ops.backup_pruned',
  'ops.drill_passed',
  'ops.drill_failed',
  'ops.health_alerted',
  'ops.health_recovered',
  'ops.health_flapping',
  'ops.slo_burn_alerted',
  'ops.slo_guard_engaged',
  'ops.digest_posted',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export interface AuditEventInput {
  tenantId: string;
  type: AuditEventType;
  /** A Slack user id, or `system:<component>` for the product itself. */
  actor: string;
  subject?: {
    type:
      | 'alert'
      | 'incident'
      | 'execution'
      | 'step'
      | 'runbook'
      | 'command'
      | 'workspace'
      | 'backup'
      | 'drill'
      | 'health_check'
      | 'slo';
    id: string;
  };
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
