import { z } from 'zod';
import type { AlertFacts, AlertLifecycle } from '../../alerts/types.js';
import { sha256Hex } from '../../lib/hashing.js';
import { firstIssue, type ParseOutcome } from './parse-outcome.js';

/**
 * Opsgenie's outgoing Webhook integration and its successor in Jira Service Management
 * Operations post the same "alert action data": `{action, alert{…}, source, integrationName}`.
 * Neither signs nor numbers its deliveries; the body's hash is the idempotency key (each
 * action carries its own `updatedAt`, so two actions never hash alike).
 */
const AlertActionBody = z
  .object({
    action: z.string().min(1),
    integrationName: z.string().optional(),
    integrationId: z.string().optional(),
    source: z.object({ name: z.string().optional(), type: z.string().optional() }).passthrough().optional(),
    alert: z
      .object({
        alertId: z.string().min(1),
        message: z.string().optional(),
        alias: z.string().optional(),
        tinyId: z.string().optional(),
        entity: z.string().optional(),
        tags: z.array(z.string()).optional().default([]),
        description: z.string().optional(),
        priority: z.string().optional(),
        username: z.string().optional(),
        details: z.record(z.string(), z.unknown()).optional(),
        createdAt: z.number().optional(),
        updatedAt: z.number().optional(),
      })
      .passthrough(),
  })
  .passthrough();
type AlertActionBody = z.infer<typeof AlertActionBody>;

/** Actions the product acts on; the rest (AddNote, AddTags, custom actions…) are stored and ignored. */
const LIFECYCLE: Record<string, AlertLifecycle> = {
  Create: 'triggered',
  Acknowledge: 'acknowledged',
  UnAcknowledge: 'updated',
  Close: 'resolved',
  Escalate: 'updated',
  UpdatePriority: 'updated',
};

/** `key:value` tags (the common Opsgenie convention) and string details become labels. */
function labelsOf(alert: AlertActionBody['alert']): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const tag of alert.tags) {
    const at = tag.indexOf(':');
    if (at > 0) labels[tag.slice(0, at)] = tag.slice(at + 1);
  }
  for (const [key, value] of Object.entries(alert.details ?? {})) {
    if (typeof value === 'string') labels[key] = value;
  }
  return labels;
}

/** Epoch milliseconds (createdAt) or nanoseconds (updatedAt in the published samples), as ISO. */
function epochToIso(value: number | undefined): string | null {
  if (value === undefined) return null;
  const ms = value > 1e15 ? value / 1e6 : value;
  return new Date(ms).toISOString();
}

function note(body: AlertActionBody): string | null {
  if (body.action === 'UnAcknowledge') return 'Acknowledgement removed';
  if (body.action === 'Escalate') return 'Escalated';
  if (body.action === 'UpdatePriority') return `Priority now ${body.alert.priority ?? 'changed'}`;
  return null;
}

export function parseAlertAction(json: unknown, rawBody: Buffer, source: 'opsgenie' | 'jsm'): ParseOutcome {
  const parsed = AlertActionBody.safeParse(json);
  if (!parsed.success) return { ok: false, message: firstIssue(parsed.error) };
  const body = parsed.data;
  const { alert } = body;
  const lifecycle = LIFECYCLE[body.action] ?? null;
  const labels = labelsOf(alert);
  const service = labels.service ?? (alert.entity || null);
  const facts: AlertFacts = {
    source,
    deliveryId: `sha256:${sha256Hex(rawBody)}`,
    eventType: body.action,
    actionable: lifecycle !== null,
    externalId: alert.alertId,
    lifecycle,
    title: alert.message ?? alert.alias ?? `alert ${alert.tinyId ?? alert.alertId}`,
    service,
    urgency: alert.priority ?? null,
    url: null,
    occurredAt: epochToIso(alert.updatedAt ?? alert.createdAt),
    keywords: [alert.priority, ...alert.tags, service].filter((k): k is string => Boolean(k)),
    labels,
    actor: alert.username ?? null,
    note: note(body),
  };
  return { ok: true, facts };
}
