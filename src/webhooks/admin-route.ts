import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { PanicSwitch } from '../governance/panic.js';
import { assertPanicReason } from '../governance/panic.js';
import { DomainError } from '../lib/errors.js';
import { sendError } from './responses.js';
import { bearerToken } from './runbooks-route.js';

const PanicRequest = z.object({
  on: z.boolean(),
  reason: z.string().max(300).nullable().optional(),
  /** A workspace (T…); without it, the whole install. */
  tenant: z.string().min(1).max(64).optional(),
});

/**
 * POST /admin/panic `{ "on": true|false, "reason"?, "tenant"? }` and GET /admin/panic:
 * the panic switch for operators and their automation. Needs a bearer token from
 * ADMIN_API_TOKENS; off (503) while none is set.
 */
export function registerAdminRoutes(
  app: FastifyInstance,
  deps: { panic: Pick<PanicSwitch, 'pull' | 'lift' | 'status'>; tokens: () => readonly string[] },
): void {
  const authorise = (header: string | undefined) => {
    if (deps.tokens().length === 0)
      throw new DomainError('webhook_not_configured', 'set ADMIN_API_TOKENS to use /admin');
    const token = bearerToken(header, deps.tokens());
    if (!token) throw new DomainError('unauthorized', 'send Authorization: Bearer <one of ADMIN_API_TOKENS>');
    return token;
  };

  app.get<{ Querystring: { tenant?: string } }>('/admin/panic', async (request, reply) => {
    try {
      authorise(request.headers.authorization);
      const state = await deps.panic.status(request.query.tenant ?? null);
      return reply.send({ on: state !== null, state });
    } catch (err) {
      if (err instanceof DomainError) return sendError(reply, err);
      throw err;
    }
  });

  app.post('/admin/panic', async (request, reply) => {
    try {
      const token = authorise(request.headers.authorization);
      const parsed = PanicRequest.safeParse(parseBody(request.body));
      if (!parsed.success)
        throw new DomainError('invalid_payload', 'send {"on": true|false, "reason"?: "…", "tenant"?: "T…"}');
      const actor = { kind: 'operator' as const, name: `http:${token.name}`, tenantId: parsed.data.tenant ?? null };
      if (parsed.data.on) {
        const { halted, at } = await deps.panic.pull(actor, assertPanicReason(parsed.data.reason ?? null));
        return reply.code(200).send({ on: true, halted, requestedAt: at });
      }
      return reply.code(200).send({ on: false, lifted: await deps.panic.lift(actor) });
    } catch (err) {
      if (err instanceof DomainError) return sendError(reply, err);
      throw err;
    }
  });
}

function parseBody(body: unknown): unknown {
  if (Buffer.isBuffer(body)) {
    try {
      return JSON.parse(body.toString('utf8'));
    } catch {
      return null;
    }
  }
  return body;
}
