import { z } from 'zod';
import type { AlertFacts, AlertLifecycle } from '../../alerts/types.js';
import { optionalText } from '../sources/lenient.js';

/**
 * The parts of a PagerDuty V3 webhook the product reads. Only `event.id` and
 * `event.event_type` are required: every other field may be missing or null, and unknown
 * keys and event types are accepted (PagerDuty adds event types over time, and a 4xx makes
 * it drop the delivery and, after three, disable the subscription). A text field of another
 * type reads as absent, a reference that is not an object as null.
 */
const Text = optionalText;
const Reference = z.object({ id: Text, summary: Text, html_url: Text, type: Text }).passthrough().nullish().catch(null);

export const PagerDutyWebhook = z.object({
  event: z
    .object({
      id: z.string().min(1),
      event_type: z.string().min(1),
      resource_type: Text,
      occurred_at: Text,
      agent: Reference,
      data: z
        .object({
          id: Text,
          type: Text,
          title: Text,
          html_url: Text,
          urgency: Text,
          service: Reference,
          priority: Reference,
          escalation_policy: Reference,
          assignees: z.array(Reference).nullish().catch(null),
          /** Events about a part of an incident (a note, a responder, a status update) name it here. */
          incident: Reference,
        })
        .passthrough()
        .nullish()
        .catch(null)
        // Present on every event PagerDuty documents; a null one still leaves the delivery storable.
        .transform((data) => (data ?? {}) as NonNullable<typeof data>),
    })
    .passthrough(),
});
export type PagerDutyWebhook = z.infer<typeof PagerDutyWebhook>;
type IncidentData = PagerDutyWebhook['event']['data'];

/**
 * The incident event types the product acts on. The others (annotated, responder.added,
 * status_update_published, service.*, pagey.ping, …) are stored and ignored.
 */
const LIFECYCLE: Record<string, AlertLifecycle> = {
  'incident.triggered': 'triggered',
  'incident.acknowledged': 'acknowledged',
  'incident.unacknowledged': 'unacknowledged',
  'incident.resolved': 'resolved',
  'incident.reopened': 'reopened',
  'incident.escalated': 'updated',
  'incident.reassigned': 'updated',
  'incident.delegated': 'updated',
  'incident.priority_updated': 'updated',
};

const names = (refs: IncidentData['assignees']) =>
  (refs ?? []).map((a) => a?.summary).filter((s): s is string => Boolean(s));

function updateNote(eventType: string, data: IncidentData): string | null {
  const to = names(data.assignees);
  switch (eventType) {
    case 'incident.escalated':
      return to.length > 0 ? `Escalated to ${to.join(', ')}` : 'Escalated';
    case 'incident.reassigned':
      return to.length > 0 ? `Reassigned to ${to.join(', ')}` : 'Reassigned';
    case 'incident.delegated': {
      const policy = data.escalation_policy?.summary;
      return policy ? `Delegated to ${policy}` : 'Delegated to another escalation policy';
    }
    case 'incident.priority_updated':
      return `Priority now ${data.priority?.summary ?? 'none'}`;
    case 'incident.unacknowledged':
      return 'Acknowledgement timed out: the incident is triggered again';
    default:
      return null;
  }
}

/**
 * The incident a delivery is about, the same for every event type of one incident: the
 * incident itself (`data.type` incident) or the incident its note, responder request or
 * status update names. Service events and pings belong to no incident.
 */
function incidentOf(data: IncidentData): { id: string | null; title: string | null; url: string | null } {
  const isIncident = (data.type ?? 'incident') === 'incident';
  if (isIncident && data.id) return { id: data.id, title: data.title ?? null, url: data.html_url ?? null };
  const ref = data.incident;
  if (ref?.id) return { id: ref.id, title: ref.summary ?? null, url: ref.html_url ?? null };
  return { id: null, title: null, url: null };
}

export function pagerDutyFacts(body: PagerDutyWebhook): AlertFacts {
  const { event } = body;
  const data = event.data;
  const incident = incidentOf(data);
  const isIncident = (data.type ?? 'incident') === 'incident';
  const lifecycle = isIncident ? (LIFECYCLE[event.event_type] ?? null) : null;
  return {
    source: 'pagerduty',
    // The event id is signed and repeats on every retry; X-Webhook-Id is not signed, so a
    // captured delivery replayed under a fresh one would resolve or reopen its incident again.
    deliveryId: `event_${event.id}`,
    eventType: event.event_type,
    actionable: lifecycle !== null && incident.id !== null,
    externalId: incident.id,
    lifecycle,
    title: incident.title ?? `${event.event_type} ${data.id ?? ''}`.trim(),
    service: data.service?.summary ?? null,
    urgency: data.urgency ?? null,
    url: incident.url,
    occurredAt: event.occurred_at ?? null,
    keywords: [data.priority?.summary, data.urgency].filter((k): k is string => Boolean(k)),
    actor: event.agent?.summary ?? null,
    note: lifecycle === 'updated' || lifecycle === 'unacknowledged' ? updateNote(event.event_type, data) : null,
  };
}
