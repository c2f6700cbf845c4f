import { AlertGroupBody, alertGroupFacts } from './alert-group.js';
import { isLegacyGrafanaBody, parseLegacyGrafana } from './grafana-legacy.js';
import { optionalText } from './lenient.js';
import { firstIssue, type ParseOutcome } from './parse-outcome.js';

/**
 * Grafana unified alerting's webhook contact point (body `version: "1"`): the Alertmanager
 * group shape plus `title`, `state` (alerting/ok), `message` and `orgId`. Legacy dashboard
 * alerting's body (Grafana ≤ 10) is read too. A custom payload template that drops the group
 * fields is refused with the field that is missing.
 */
const GrafanaBody = AlertGroupBody.extend({ orgId: optionalText });

export function parseGrafana(json: unknown, rawBody: Buffer): ParseOutcome {
  if (isLegacyGrafanaBody(json)) return parseLegacyGrafana(json, rawBody);
  const parsed = GrafanaBody.safeParse(json);
  if (!parsed.success) return { ok: false, message: firstIssue(parsed.error) };
  const body = parsed.data;
  const facts = alertGroupFacts(body, 'grafana', rawBody);
  // One Grafana server may serve several orgs whose group keys look alike.
  if (body.orgId !== undefined) facts.externalId = `org${body.orgId}:${body.groupKey}`;
  return { ok: true, facts };
}
