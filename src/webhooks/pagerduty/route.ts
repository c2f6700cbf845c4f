import type { FastifyInstance } from 'fastify';
import type { AlertIntake } from '../../alerts/intake-service.js';
import { parseJsonBody } from '../json-body.js';
import { rejectWebhook, type WebhookMetrics } from '../responses.js';
import { PagerDutyWebhook, pagerDutyFacts } from './payload.js';
import { verifyPagerDutySignature } from './verify-signature.js';

export interface PagerDutyRouteDeps {
  intake: AlertIntake;
  secrets: () => readonly string[];
  tenantId: () => string;
  metrics: WebhookMetrics;
}

/** verify → parse → persist → 2xx. Nothing is stored for a request that fails a check. */
export function registerPagerDutyRoute(app: FastifyInstance, deps: PagerDutyRouteDeps): void {
  app.post('/webhooks/pagerduty', async (request, reply) => {
    const raw = request.body as Buffer;
    const secrets = deps.secrets();
    if (secrets.length === 0) {
      return rejectWebhook(
        reply,
        deps.metrics,
        'pagerduty',
        'webhook_not_configured',
        'PAGERDUTY_WEBHOOK_SECRETS is not set: deliveries are refused until the subscription’s signing secret is configured',
      );
    }
    const signature = verifyPagerDutySignature(
      request.headers['x-pagerduty-signature'] as string | undefined,
      raw,
      secrets,
    );
    if (!signature.ok) return rejectWebhook(reply, deps.metrics, 'pagerduty', 'bad_signature', signature.reason);

    const body = parseJsonBody(raw);
    if (!body.ok) return rejectWebhook(reply, deps.metrics, 'pagerduty', body.code, body.message);
    const json = body.json;
    const parsed = PagerDutyWebhook.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first?.path.join('.') || '(root)';
      return rejectWebhook(reply, deps.metrics, 'pagerduty', 'invalid_payload', `${where}: ${first?.message}`);
    }
    const facts = pagerDutyFacts(parsed.data);
    const result = await deps.intake.receive({
      tenantId: deps.tenantId(),
      facts,
      headers: pickHeaders(request.headers),
      rawBody: body.text,
      rawBytes: raw,
      storageNotes: body.notes,
      payload: json,
    });
    deps.metrics.received.inc({ source: 'pagerduty', outcome: result.stored ? 'stored' : 'duplicate' });
    if (!result.stored) return reply.code(200).send({ status: 'duplicate', deliveryId: facts.deliveryId });
    return reply.code(202).send({ status: 'accepted', id: result.alertId, actionable: facts.actionable });
  });
}

const KEPT_HEADERS = ['user-agent', 'x-webhook-id', 'x-webhook-subscription', 'content-type', 'x-pagerduty-signature'];

function pickHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}
