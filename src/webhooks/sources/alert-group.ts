import { z } from 'zod';
import type { AlertFacts, AlertItem } from '../../alerts/types.js';
import { canonicalJson, sha256Hex } from '../../lib/hashing.js';
import { optionalNumber, optionalText, textMap } from './lenient.js';

/**
 * The grouped-alert body Alertmanager (webhook v4) and Grafana's webhook contact point share:
 * one notification per alert group (`groupKey`), each alert with labels, annotations and a
 * fingerprint, the group firing until every alert in it is resolved. Unknown keys are tolerated.
 */
const GroupedAlert = z
  .object({
    status: z.enum(['firing', 'resolved']),
    // Label and annotation maps may be empty, null or missing; values are text.
    labels: textMap,
    annotations: textMap,
    startsAt: optionalText,
    endsAt: optionalText,
    generatorURL: optionalText,
    fingerprint: optionalText,
  })
  .passthrough();

/**
 * Required: what the product cannot do without (the group's key, its status, its alerts).
 * Everything else is read leniently, and unknown keys (Grafana's `values`, `enrichments`,
 * Alertmanager's newer fields) are kept in the stored payload.
 */
export const AlertGroupBody = z
  .object({
    version: z.string(),
    groupKey: z.string().min(1),
    status: z.enum(['firing', 'resolved']),
    receiver: optionalText,
    groupLabels: textMap,
    commonLabels: textMap,
    commonAnnotations: textMap,
    externalURL: optionalText,
    truncatedAlerts: optionalNumber,
    alerts: z.array(GroupedAlert).min(1),
  })
  .passthrough();
export type AlertGroupBody = z.infer<typeof AlertGroupBody>;
type GroupedAlert = z.infer<typeof GroupedAlert>;

/** An alert's one-line title: its name and summary, as an on-call engineer reads it. */
function alertTitle(alert: Pick<GroupedAlert, 'labels' | 'annotations'>): string {
  const name = alert.labels.alertname || 'alert';
  const summary = alert.annotations.summary || alert.annotations.description;
  return summary ? `${name}: ${summary}` : name;
}

/** Alertmanager always sends a fingerprint; a hand-written sender may not, so the labels stand in. */
function fingerprintOf(alert: GroupedAlert): string {
  return alert.fingerprint || sha256Hex(canonicalJson(alert.labels)).slice(0, 16);
}

export function groupItems(body: AlertGroupBody): AlertItem[] {
  return body.alerts.map((alert) => ({
    fingerprint: fingerprintOf(alert),
    status: alert.status,
    title: alertTitle(alert),
    labels: alert.labels,
    url: alert.generatorURL || null,
  }));
}

/**
 * The facts of one group notification. Neither source sends a delivery id, so the body's
 * hash is the idempotency key: a retried or repeated notification with the same content
 * is the same delivery.
 */
export function alertGroupFacts(
  body: AlertGroupBody,
  source: 'alertmanager' | 'grafana',
  rawBody: Buffer,
  title?: string,
): AlertFacts {
  const items = groupItems(body);
  const lead = body.alerts.find((a) => a.status === 'firing') ?? body.alerts[0]!;
  const labels = { ...lead.labels, ...body.commonLabels };
  const service = labels.service || labels.job || labels.namespace || null;
  const urgency = labels.severity || labels.priority || null;
  return {
    source,
    deliveryId: `sha256:${sha256Hex(rawBody)}`,
    eventType: `group.${body.status}`,
    actionable: true,
    externalId: body.groupKey,
    lifecycle: body.status === 'firing' ? 'triggered' : 'resolved',
    title: title ?? alertTitle({ labels, annotations: { ...lead.annotations, ...body.commonAnnotations } }),
    service,
    urgency,
    url: lead.generatorURL || body.externalURL || null,
    occurredAt: lead.startsAt || null,
    keywords: [labels.alertname, labels.severity, service].filter((k): k is string => Boolean(k)),
    labels,
    alerts: items,
  };
}
