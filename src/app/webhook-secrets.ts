import type { Config } from '../config.js';

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
