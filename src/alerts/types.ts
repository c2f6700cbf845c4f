/** What the product needs to know about an alert, whatever system sent it. */
export interface AlertFacts {
  source: 'pagerduty' | 'opsgenie' | 'alertmanager';
  /** Idempotency key of the delivery (PagerDuty: X-Webhook-Id). */
  deliveryId: string;
  eventType: string;
  /** True when this delivery should open an incident thread (e.g. incident.triggered). */
  actionable: boolean;
  externalId: string | null;
  title: string;
  service: string | null;
  urgency: string | null;
  url: string | null;
  occurredAt: string | null;
  /** Free-form words the matcher may use (alert name, labels, priority). */
  keywords: string[];
  /** Labels the source sent (Alertmanager and Grafana labels, Opsgenie details…): runbook variables are filled from them. */
  labels?: Record<string, string>;
}

export interface StoredAlert {
  id: string;
  tenantId: string;
  status: 'received' | 'matched' | 'unmatched' | 'ignored' | 'failed';
  facts: AlertFacts;
}
