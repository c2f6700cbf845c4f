import type { AlertFacts } from '../../alerts/types.js';
import { AlertGroupBody, alertGroupFacts } from './alert-group.js';
import type { ParseOutcome } from './parse-outcome.js';
import { firstIssue } from './parse-outcome.js';

/** Prometheus Alertmanager's webhook receiver, payload version 4 (the only version it sends). */
export function parseAlertmanager(json: unknown, rawBody: Buffer): ParseOutcome {
  const parsed = AlertGroupBody.safeParse(json);
  if (!parsed.success) return { ok: false, message: firstIssue(parsed.error) };
  if (parsed.data.version !== '4') {
    return { ok: false, message: `version: "${parsed.data.version}" is not supported; Alertmanager sends "4"` };
  }
  const facts: AlertFacts = alertGroupFacts(parsed.data, 'alertmanager', rawBody);
  return { ok: true, facts };
}
