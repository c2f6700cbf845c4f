/** The systems that may send alerts; each has its own route and parser in src/webhooks/sources. */
export const ALERT_SOURCES = ['pagerduty', 'opsgenie', 'jsm', 'alertmanager', 'grafana', 'generic'] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

/**
 * What a delivery says happened to the incident (or alert group) it is about. `null`: nothing
 * the product acts on (an annotation, a note, an event type it does not know); stored, ignored.
 */
export type AlertLifecycle = 'triggered' | 'acknowledged' | 'unacknowledged' | 'resolved' | 'reopened' | 'updated';

/** One alert inside a delivery (Alertmanager and Grafana group several; the others send one). */
export interface AlertItem {
  /** Stable identity of this alert inside its group (Alertmanager/Grafana fingerprint). */
  fingerprint: string;
  status: 'firing' | 'resolved';
  title: string;
  labels: Record<string, string>;
  url: string | null;
}

/** What the product needs to know about an alert, whatever system sent it. */
export interface AlertFacts {
  source: AlertSource;
  /** Idempotency key of the delivery (PagerDuty: X-Webhook-Id; sources without one: a hash of the body). */
  deliveryId: string;
  eventType: string;
  /** True when this delivery changes an incident (opens, joins, acknowledges, resolves, reopens, updates). */
  actionable: boolean;
  /** The external incident or alert group this delivery belongs to: one incident thread per key. */
  externalId: string | null;
  lifecycle?: AlertLifecycle | null;
  title: string;
  service: string | null;
  urgency: string | null;
  url: string | null;
  occurredAt: string | null;
  /** Free-form words the matcher may use (alert name, labels, priority). */
  keywords: string[];
  /** Labels the source sent (Alertmanager and Grafana labels, Opsgenie details…): runbook variables are filled from them. */
  labels?: Record<string, string>;
  /** The alerts of a grouped delivery, each with its own fingerprint and status. */
  alerts?: AlertItem[];
  /** Who acted in the source (acknowledged, resolved), when it says. */
  actor?: string | null;
  /** A sentence for the thread when lifecycle is `updated` (escalated, priority changed). */
  note?: string | null;
}

export interface StoredAlert {
  id: string;
  tenantId: string;
  status: 'received' | 'matched' | 'unmatched' | 'ignored' | 'failed';
  facts: AlertFacts;
  receivedAt: Date;
}
