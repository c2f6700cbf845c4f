import { z } from 'zod';
import type { AlertFacts } from '../../alerts/types.js';
import { sha256Hex } from '../../lib/hashing.js';
import { alertActionLifecycle, alertActionNote } from './alert-action-lifecycle.js';
import { epochToIso, optionalNumber, optionalText, textList, textMap } from './lenient.js';
import { firstIssue, type ParseOutcome } from './parse-outcome.js';

/**
 * Opsgenie's outgoing Webhook integration and its successor in Jira Service Management
 * Operations post the same "alert action data": `{action, alert{…}, source, integrationName}`.
 * Neither signs nor numbers its deliveries; the body's hash is the idempotency key (each
 * action carries its own `updatedAt`, so two actions never hash alike).
 *
 * Only `action` and `alert.alertId` are required (the incident is keyed by the alert id,
 * the same for every action on one alert); every other field is read leniently.
 */
const AlertActionBody = z
  .object({
    action: z.string().min(1),
    alert: z
      .object({
        alertId: z.union([z.string().min(1), z.number().transform(String)]),
        message: optionalText,
        alias: optionalText,
        tinyId: optionalText,
        entity: optionalText,
        tags: textList,
        priority: optionalText,
        username: optionalText,
        owner: optionalText,
        details: textMap,
        createdAt: optionalNumber,
        updatedAt: optionalNumber,
      })
      .passthrough(),
    escalationNotify: z.object({ name: optionalText }).passthrough().nullish().catch(undefined),
  })
  .passthrough();
type AlertActionBody = z.infer<typeof AlertActionBody>;

/** `key:value` tags (the common Opsgenie convention) and details become labels. */
function labelsOf(alert: AlertActionBody['alert']): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const tag of alert.tags) {
    const at = tag.indexOf(':');
    if (at > 0) labels[tag.slice(0, at)] = tag.slice(at + 1);
  }
  return { ...labels, ...alert.details };
}

export function parseAlertAction(json: unknown, rawBody: Buffer, source: 'opsgenie' | 'jsm'): ParseOutcome {
  const parsed = AlertActionBody.safeParse(json);
  if (!parsed.success) return { ok: false, message: firstIssue(parsed.error) };
  const body = parsed.data;
  const { alert } = body;
  const lifecycle = alertActionLifecycle(body.action);
  const labels = labelsOf(alert);
  const service = labels.service || alert.entity || null;
  const facts: AlertFacts = {
    source,
    deliveryId: `sha256:${sha256Hex(rawBody)}`,
    eventType: body.action,
    actionable: lifecycle !== null,
    externalId: alert.alertId,
    lifecycle,
    title: alert.message || alert.alias || `alert ${alert.tinyId ?? alert.alertId}`,
    service,
    urgency: alert.priority ?? null,
    url: null,
    occurredAt: epochToIso(alert.updatedAt ?? alert.createdAt),
    keywords: [alert.priority, ...alert.tags, service].filter((k): k is string => Boolean(k)),
    labels,
    actor: alert.username ?? null,
    note:
      lifecycle === 'updated' || lifecycle === 'unacknowledged' || lifecycle === 'resolved'
        ? alertActionNote({
            action: body.action,
            priority: alert.priority,
            owner: alert.owner,
            username: alert.username,
            escalatedTo: body.escalationNotify?.name,
          })
        : null,
  };
  return { ok: true, facts };
}
