import type { FastifyReply } from 'fastify';
import type { Counter } from 'prom-client';

export interface WebhookMetrics {
  received: Counter<'source' | 'outcome'>;
}

/** Every refusal is JSON with a machine code and a sentence, and is counted. */
export function rejectWebhook(
  reply: FastifyReply,
  metrics: WebhookMetrics,
  source: string,
  status: number,
  error: string,
  message: string,
): FastifyReply {
  metrics.received.inc({ source, outcome: error });
  return reply.code(status).send({ error, message });
}
