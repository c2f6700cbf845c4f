import type { FastifyReply } from 'fastify';
import type { Counter } from 'prom-client';
import { DomainError, type ErrorCode } from '../lib/errors.js';

export interface WebhookMetrics {
  received: Counter<'source' | 'outcome'>;
}

/** The one HTTP error mapper: a coded error becomes its status and a JSON reason. */
export function sendError(reply: FastifyReply, err: DomainError): FastifyReply {
  return reply.code(err.httpStatus).send({ error: err.code, message: err.message });
}

/** Every refusal of a delivery is JSON with a machine code and a sentence, and is counted. */
export function rejectWebhook(
  reply: FastifyReply,
  metrics: WebhookMetrics,
  source: string,
  code: ErrorCode,
  message: string,
): FastifyReply {
  metrics.received.inc({ source, outcome: code });
  return sendError(reply, new DomainError(code, message));
}
