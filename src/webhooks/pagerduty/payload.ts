import { z } from 'zod';
import type { AlertFacts } from '../../alerts/types.js';

/** The parts of a PagerDuty V3 webhook the product reads; unknown keys are tolerated. */
const Reference = z.object({ id: z.string().optional(), summary: z.string().optional() }).passthrough();

export const PagerDutyWebhook = z.object({
  event: z
    .object({
      id: z.string().min(1),
      event_type: z.string().min(1),
      resource_type: z.string().optional(),
      occurred_at: z.string().optional(),
      data: z
        .object({
          id: z.string().optional(),
          type: z.string().optional(),
          title: z.string().optional(),
          html_url: z.string().optional(),
          urgency: z.string().optional(),
          service: Reference.nullish(),
          priority: Reference.nullish(),
        })
        .passthrough(),
    })
    .passthrough(),
});
export type PagerDutyWebhook = z.infer<typeof PagerDutyWebhook>;

export function pagerDutyFacts(body: PagerDutyWebhook, webhookId: string | undefined): AlertFacts {
  const { event } = body;
  const data = event.data;
  const title = data.title ?? `${event.event_type} ${data.id ?? ''}`.trim();
  return {
    source: 'pagerduty',
    // X-Webhook-Id repeats on every retry of one delivery; the event id is the fallback.
    deliveryId: webhookId ?? `event_${event.id}`,
    eventType: event.event_type,
    actionable: event.event_type === 'incident.triggered' && (data.type ?? 'incident') === 'incident',
    externalId: data.id ?? null,
    title,
    service: data.service?.summary ?? null,
    urgency: data.urgency ?? null,
    url: data.html_url ?? null,
    occurredAt: event.occurred_at ?? null,
    keywords: [data.priority?.summary, data.urgency].filter((k): k is string => Boolean(k)),
  };
}
