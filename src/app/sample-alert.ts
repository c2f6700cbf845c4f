import { randomUUID } from 'node:crypto';
import { signPagerDutyBody } from '../webhooks/pagerduty/verify-signature.js';

/** A PagerDuty V3 incident.triggered delivery, as PagerDuty sends it. */
export function samplePagerDutyDelivery(
  options: { title?: string; service?: string; incidentId?: string; eventId?: string; urgency?: 'high' | 'low' } = {},
): Record<string, unknown> {
  const incidentId = options.incidentId ?? `Q${randomUUID().replace(/-/g, '').slice(0, 13).toUpperCase()}`;
  const now = new Date().toISOString();
  return {
    event: {
      id: options.eventId ?? `01${randomUUID().replace(/-/g, '').slice(0, 24).toUpperCase()}`,
      event_type: 'incident.triggered',
      resource_type: 'incident',
      occurred_at: now,
      agent: null,
      client: { name: 'Prometheus' },
      data: {
        id: incidentId,
        type: 'incident',
        self: `https://api.pagerduty.com/incidents/${incidentId}`,
        html_url: `https://example.pagerduty.com/incidents/${incidentId}`,
        number: 4242,
        status: 'triggered',
        incident_key: `alertmanager/${incidentId}`,
        created_at: now,
        title: options.title ?? 'KubePodCrashLooping: pod payments/api-7d9f8c6b5-x2k4q is crash looping',
        service: {
          id: 'PSERVICE',
          summary: options.service ?? 'payments-api',
          type: 'service_reference',
          self: 'https://api.pagerduty.com/services/PSERVICE',
          html_url: 'https://example.pagerduty.com/services/PSERVICE',
        },
        assignees: [],
        escalation_policy: { id: 'PPOLICY', summary: 'On-call', type: 'escalation_policy_reference' },
        teams: [],
        priority: { id: 'PPRIO', summary: 'P2', type: 'priority_reference' },
        urgency: options.urgency ?? 'high',
        conference_bridge: null,
        resolve_reason: null,
      },
    },
  };
}

/** POSTs a signed delivery the way PagerDuty does (raw body, v1 signature, X-Webhook-Id). */
export async function sendPagerDutyDelivery(
  url: string,
  secret: string,
  delivery: Record<string, unknown>,
  webhookId: string = randomUUID(),
): Promise<{ status: number; body: string }> {
  const raw = JSON.stringify(delivery);
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'PagerDuty-Webhook/V3.0',
      'x-webhook-id': webhookId,
      'x-pagerduty-signature': signPagerDutyBody(raw, secret),
    },
    body: raw,
  });
  return { status: res.status, body: await res.text() };
}

/**
 * What the sandbox page says after its "Fire sample alert" button: a sentence, never the
 * webhook's JSON body. The HTTP status stays in brackets for whoever is debugging.
 */
export function deliveryOutcome(res: { status: number; body: string }): { ok: boolean; detail: string } {
  if (res.status >= 300)
    return { ok: false, detail: `The webhook refused the alert (HTTP ${res.status}): ${reason(res.body)}` };
  let actionable = true;
  try {
    actionable = (JSON.parse(res.body) as { actionable?: boolean }).actionable !== false;
  } catch {
    // A body that is not JSON still means the delivery was stored.
  }
  return {
    ok: true,
    detail: actionable
      ? `Alert sent (HTTP ${res.status}). Watch #incidents for the matched runbook.`
      : `Alert stored (HTTP ${res.status}), but it asks for no runbook (not an incident.triggered event).`,
  };
}

function reason(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: string; message?: string };
    return parsed.message ?? parsed.error ?? body;
  } catch {
    return body;
  }
}
