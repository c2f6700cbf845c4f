import type { Config } from '../config.js';
import type { SourceSecrets } from '../webhooks/source-auth.js';

/** Used to sign the sandbox's sample alerts when no PagerDuty secret is configured. */
export const SANDBOX_PAGERDUTY_SECRET = 'sandbox-pagerduty-secret';

/**
 * The secrets PagerDuty deliveries must be signed with. Only the local sandbox falls back
 * to its own public secret; with real Slack, no secret means no delivery is accepted.
 */
export function pagerDutySecrets(config: Config): string[] {
  if (config.webhooks.pagerdutySecrets.length > 0) return config.webhooks.pagerdutySecrets;
  return config.slack.mode === 'sandbox' ? [SANDBOX_PAGERDUTY_SECRET] : [];
}

/** Used by the sandbox's sample deliveries of the other sources when none is configured. */
export const SANDBOX_WEBHOOK_TOKEN = 'sandbox-webhook-token';

/**
 * The credentials of the other alert sources. The local sandbox falls back to its public
 * token (bearer) and secret (HMAC) per source left unset; with real Slack, an unset source
 * refuses every delivery.
 */
export function sourceSecrets(config: Config): SourceSecrets {
  const s = config.webhooks.sources;
  if (config.slack.mode !== 'sandbox') return s;
  const bearer = (c: { bearer: readonly string[]; basic: readonly string[] }) =>
    c.bearer.length + c.basic.length > 0 ? c : { ...c, bearer: [SANDBOX_WEBHOOK_TOKEN] };
  return {
    alertmanager: bearer(s.alertmanager),
    grafana:
      s.grafana.bearer.length + s.grafana.basic.length + s.grafana.hmacSecrets.length > 0
        ? s.grafana
        : { ...s.grafana, bearer: [SANDBOX_WEBHOOK_TOKEN] },
    opsgenie: bearer(s.opsgenie),
    jsm: bearer(s.jsm),
    generic: s.generic.hmacSecrets.length > 0 ? s.generic : { hmacSecrets: [SANDBOX_WEBHOOK_TOKEN] },
  };
}
