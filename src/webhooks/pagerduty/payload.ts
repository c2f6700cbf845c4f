import { z } from 'zod';
import type { AlertFacts, AlertLifecycle } from '../../alerts/types.js';

/** The parts of a PagerDuty V3 webhook the product reads; unknown keys are tolerated. */
const Reference = z.object({ id: z.string().optional(), summary: z.string().optional() }).passthrough();

export const PagerDutyWebhook = z.object({
  event: z
    .object({
      id: z.string().min(1),
      event_type: z.string().min(1),
      resource_type: z.string().optional(),
      occurred_at: z.string().optional(),
      agent: Reference.nullish(),
      data: z
        .object({
          id: z.string().optional(),
          type: z.string().optional(),
          title: z.string().optional(),
          html_url: z.string().optional(),
          urgency: z.string().optional(),
          service: Reference.nullish(),
          priority: Reference.nullish(),
          escalation_policy: Reference.nullish(),
          assignees: z.array(Reference).nullish(),
        })
        .passthrough(),
    })
    .passthrough(),
});
export type PagerDutyWebhook = z.infer<typeof PagerDutyWebhook>;

/** The incident event types the product acts on; the others (annotated, reassigned, …) are stored and ignored. */
const LIFECYCLE: Record<string, AlertLifecycle> = {
  'incident.triggered': 'triggered',
  'incident.acknowledged': 'acknowledged',
  'incident.unacknowledged': 'updated',
  'incident.resolved': 'resolved',
  'incident.reopened': 'reopened',
  'incident.escalated': 'updated',
  'incident.priority_updated': 'updated',
};

function updateNote(body: PagerDutyWebhook): string | null {
  const { event } = body;
  const data = event.data;
  if (event.event_type === 'incident.escalated') {
    const to = (data.assignees ?? []).map((a) => a.summary).filter(Boolean);
    return to.length > 0 ? `Escalated to ${to.join(', ')}` : 'Escalated';
  }
  if (event.event_type === 'incident.priority_updated') return `Priority now ${data.priority?.summary ?? 'none'}`;
  if (event.event_type === 'incident.unacknowledged')
    return 'Acknowledgement timed out: the incident is triggered again';
  return null;
}

export function pagerDutyFacts(body: PagerDutyWebhook): AlertFacts {
  const { event } = body;
  const data = event.data;
  const title = data.title ?? `${event.event_type} ${data.id ?? ''}`.trim();
  const isIncident = (data.type ?? 'incident') === 'incident';
  const lifecycle = isIncident ? (LIFECYCLE[event.event_type] ?? null) : null;
  return {
    source: 'pagerduty',
    // The event id is signed and repeats on every retry; X-Webhook-Id is not signed, so a
    // captured delivery replayed under a fresh one would resolve or reopen its incident again.
    deliveryId: `event_${event.id}`,
    eventType: event.event_type,
    actionable: lifecycle !== null && Boolean(data.id),
    externalId: data.id ?? null,
    lifecycle,
    title,
    service: data.service?.summary ?? null,
    urgency: data.urgency ?? null,
    url: data.html_url ?? null,
    occurredAt: event.occurred_at ?? null,
    keywords: [data.priority?.summary, data.urgency].filter((k): k is string => Boolean(k)),
    actor: event.agent?.summary ?? null,
    note: updateNote(body),
  };
}
