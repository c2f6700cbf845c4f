import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SANDBOX_WEBHOOK_TOKEN } from '../../src/app/webhook-secrets.js';
import { signPagerDutyBody } from '../../src/webhooks/pagerduty/verify-signature.js';
import { REPO_ROOT } from './e2e.js';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/alert-sources');

/** A fixture as JSON, to send as is or changed. */
export function sourceFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as T;
}

/** POSTs a body the way a bearer-token source (Alertmanager, Grafana, Opsgenie, JSM) sends it. */
export async function sendWithBearer(
  baseUrl: string,
  source: 'alertmanager' | 'grafana' | 'opsgenie' | 'jsm',
  body: unknown,
  token = SANDBOX_WEBHOOK_TOKEN,
): Promise<{ status: number; body: string }> {
  const res = await fetch(`${baseUrl}/webhooks/${source}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.text() };
}

/** POSTs a PagerDuty V3 delivery with its signature and a fresh X-Webhook-Id. */
export async function sendPagerDuty(
  baseUrl: string,
  secret: string,
  body: unknown,
): Promise<{ status: number; body: string }> {
  const raw = JSON.stringify(body);
  const res = await fetch(`${baseUrl}/webhooks/pagerduty`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-webhook-id': randomUUID(),
      'x-pagerduty-signature': signPagerDutyBody(raw, secret),
    },
    body: raw,
  });
  return { status: res.status, body: await res.text() };
}
