import { z } from 'zod';
import type { AlertFacts, AlertLifecycle } from '../../alerts/types.js';
import { sha256Hex } from '../../lib/hashing.js';
import { optionalText, textMap } from './lenient.js';
import { firstIssue, type ParseOutcome } from './parse-outcome.js';

/**
 * Grafana's legacy (dashboard) alerting webhook, sent by Grafana up to 10.x when legacy
 * alerting is on: one rule's state change, `{title, ruleId, ruleName, state, evalMatches,
 * orgId, dashboardId, panelId, tags, ruleUrl, imageUrl?, message?}`. No group, no version.
 */
const LegacyBody = z
  .object({
    state: z.string().min(1),
    ruleId: optionalText,
    ruleName: optionalText,
    title: optionalText,
    ruleUrl: optionalText,
    message: optionalText,
    orgId: optionalText,
    tags: textMap,
  })
  .passthrough()
  .refine((b) => b.ruleId !== undefined || b.ruleName !== undefined, { message: 'ruleId or ruleName is required' });

/** alerting and no_data page someone; ok ends it; paused, pending and unknown change nothing. */
const LIFECYCLE: Record<string, AlertLifecycle> = { alerting: 'triggered', no_data: 'triggered', ok: 'resolved' };

/** True when a body has the legacy shape (a rule's state, no `alerts` group). */
export function isLegacyGrafanaBody(json: unknown): boolean {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return false;
  const body = json as Record<string, unknown>;
  return !('alerts' in body) && 'state' in body && ('ruleId' in body || 'ruleName' in body);
}

export function parseLegacyGrafana(json: unknown, rawBody: Buffer): ParseOutcome {
  const parsed = LegacyBody.safeParse(json);
  if (!parsed.success) return { ok: false, message: firstIssue(parsed.error) };
  const body = parsed.data;
  const lifecycle = LIFECYCLE[body.state] ?? null;
  const name = body.ruleName || body.title || `rule ${body.ruleId}`;
  const service = body.tags.service || null;
  const title = body.message ? `${name}: ${body.message}` : name;
  const url = body.ruleUrl || null;
  const facts: AlertFacts = {
    source: 'grafana',
    deliveryId: `sha256:${sha256Hex(rawBody)}`,
    eventType: `legacy.${body.state}`,
    actionable: lifecycle !== null,
    // The rule is the group: its alerting and ok notifications share one incident.
    externalId: `org${body.orgId ?? '1'}:legacy-rule:${body.ruleId ?? body.ruleName}`,
    lifecycle,
    title,
    service,
    urgency: body.tags.severity || null,
    url,
    occurredAt: null,
    keywords: [body.ruleName, body.tags.severity, service].filter((k): k is string => Boolean(k)),
    labels: { alertname: name, ...body.tags },
    alerts: [
      {
        fingerprint: `legacy-rule-${body.ruleId ?? body.ruleName}`,
        status: lifecycle === 'resolved' ? 'resolved' : 'firing',
        title,
        labels: body.tags,
        url,
      },
    ],
  };
  return { ok: true, facts };
}
