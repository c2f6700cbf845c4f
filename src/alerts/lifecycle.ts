import type { IncidentStatus } from '../db/types.js';
import type { IncidentStatusPatch } from './incidents-repo.js';
import type { AlertLifecycle } from './types.js';

/** What a delivery did to an incident, as the thread tells it. */
export type IncidentChange =
  | 'acknowledged'
  | 'unacknowledged'
  | 'resolved'
  | 'reopened'
  | 'updated'
  | 'joined'
  | 'none';

/**
 * The incident's next status for a delivery. Deliveries arrive at least once and sometimes
 * out of order: a repeat of the current status changes nothing; a firing group after it was
 * resolved (Alertmanager, Grafana, a generic trigger) reopens it, as PagerDuty's reopened does.
 */
export function nextStatus(
  current: { status: IncidentStatus; acknowledgedAt: Date | null },
  lifecycle: AlertLifecycle,
  at: Date,
): { change: IncidentChange; patch: IncidentStatusPatch | null } {
  switch (lifecycle) {
    case 'acknowledged':
      if (current.status !== 'triggered') return { change: 'none', patch: null };
      return {
        change: 'acknowledged',
        // MTTA counts the first acknowledgement.
        patch: { status: 'acknowledged', acknowledgedAt: current.acknowledgedAt ?? at },
      };
    case 'unacknowledged':
      // The acknowledgement was taken back (or timed out): triggered again, so the next
      // acknowledgement is told. MTTA keeps the first one.
      if (current.status !== 'acknowledged') return { change: 'none', patch: null };
      return { change: 'unacknowledged', patch: { status: 'triggered' } };
    case 'resolved':
      if (current.status === 'resolved') return { change: 'none', patch: null };
      return { change: 'resolved', patch: { status: 'resolved', resolvedAt: at } };
    case 'reopened':
    case 'triggered':
      if (current.status === 'resolved') {
        return { change: 'reopened', patch: { status: 'triggered', resolvedAt: null, reopened: true } };
      }
      return { change: lifecycle === 'triggered' ? 'joined' : 'none', patch: null };
    case 'updated':
      return { change: 'updated', patch: null };
  }
}
