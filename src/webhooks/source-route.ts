import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AlertIntake } from '../alerts/intake-service.js';
import type { AlertSource } from '../alerts/types.js';
import type { AuthCheck } from './auth/credentials.js';
import { parseJsonBody } from './json-body.js';
import { rejectWebhook, type WebhookMetrics } from './responses.js';
import type { ParseOutcome } from './sources/parse-outcome.js';

/** One alert source's route: where it listens, how it authenticates, how it reads a body. */
export interface SourceRouteSpec {
  source: AlertSource;
  path: string;
  methods: Array<'POST' | 'PUT'>;
  /** What to set when the route has no secret: named in the 503. */
  configHint: string;
  /** null when nothing is configured: refused, never accepted unauthenticated. */
  authenticate(headers: IncomingHttpHeaders, raw: Buffer): AuthCheck | null;
  parse(json: unknown, raw: Buffer, headers: IncomingHttpHeaders): ParseOutcome;
  /** Headers kept with the stored delivery (never Authorization). */
  keptHeaders: readonly string[];
}

export interface SourceRouteDeps {
  intake: AlertIntake;
  tenantId: () => string;
  metrics: WebhookMetrics;
}

/** authenticate → parse → persist → 2xx. Nothing is stored for a request that fails a check. */
export function registerSourceRoute(app: FastifyInstance, spec: SourceRouteSpec, deps: SourceRouteDeps): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const raw = request.body as Buffer;
    const auth = spec.authenticate(request.headers, raw);
    if (auth === null) {
      const message = `${spec.configHint} is not set: deliveries are refused until it is configured`;
      return rejectWebhook(reply, deps.metrics, spec.source, 'webhook_not_configured', message);
    }
    if (!auth.ok) return rejectWebhook(reply, deps.metrics, spec.source, 'unauthorized', auth.reason);
    const body = parseJsonBody(raw);
    if (!body.ok) return rejectWebhook(reply, deps.metrics, spec.source, body.code, body.message);
    const parsed = spec.parse(body.json, raw, request.headers);
    if (!parsed.ok) return rejectWebhook(reply, deps.metrics, spec.source, 'invalid_payload', parsed.message);
    const { facts } = parsed;
    const result = await deps.intake.receive({
      tenantId: deps.tenantId(),
      facts,
      headers: pickHeaders(request.headers, spec.keptHeaders),
      rawBody: body.text,
      rawBytes: raw,
      storageNotes: body.notes,
      payload: body.json,
    });
    deps.metrics.received.inc({ source: spec.source, outcome: result.stored ? 'stored' : 'duplicate' });
    if (!result.stored) return reply.code(200).send({ status: 'duplicate', deliveryId: facts.deliveryId });
    return reply.code(202).send({ status: 'accepted', id: result.alertId, actionable: facts.actionable });
  };
  for (const method of spec.methods) app.route({ method, url: spec.path, handler });
}

function pickHeaders(headers: IncomingHttpHeaders, kept: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['user-agent', 'content-type', ...kept]) {
    const value = headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}
