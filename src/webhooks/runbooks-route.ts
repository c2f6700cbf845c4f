import type { FastifyInstance } from 'fastify';
import { DomainError, isDomainError } from '../lib/errors.js';
import { safeEqualHex, sha256Hex } from '../lib/hashing.js';
import type { RunbookService } from '../runbooks/service.js';
import { sendError } from './responses.js';

/**
 * POST /api/runbooks: an author (or a CI job syncing a wiki) sends a runbook as text;
 * it is compiled and stored as a new immutable version. A runbook decides what on-call
 * engineers are asked to run, so the endpoint needs `Authorization: Bearer <token>` with
 * one of RUNBOOK_API_TOKENS, and is off while none is set.
 */
export function registerRunbookUploadRoute(
  app: FastifyInstance,
  deps: { runbooks: RunbookService; tenantId: () => string; tokens: () => readonly string[] },
): void {
  // Text bodies are read for this route only (an encapsulated plugin): the alert-source and
  // admin routes keep refusing them with 415, and never receive a string they cannot verify.
  void app.register(async (scope) => registerUpload(scope, deps));
}

function registerUpload(
  app: FastifyInstance,
  deps: { runbooks: RunbookService; tenantId: () => string; tokens: () => readonly string[] },
): void {
  app.addContentTypeParser(['text/plain', 'text/markdown', 'text/html'], { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  app.post<{ Querystring: { slug?: string } }>('/api/runbooks', async (request, reply) => {
    const tokens = deps.tokens();
    if (tokens.length === 0) {
      return sendError(
        reply,
        new DomainError('webhook_not_configured', 'set RUNBOOK_API_TOKENS to accept runbook uploads'),
      );
    }
    const token = bearerToken(request.headers.authorization, tokens);
    if (!token) {
      return sendError(
        reply,
        new DomainError('unauthorized', 'send Authorization: Bearer <one of RUNBOOK_API_TOKENS>'),
      );
    }
    const { text, slug } = readUpload(request.body, request.query.slug);
    if (!text.trim())
      return sendError(reply, new DomainError('invalid_input', 'send the runbook text as the request body'));
    try {
      const { version, created, diff } = await deps.runbooks.publish({
        tenantId: deps.tenantId(),
        slug,
        text,
        sourceKind: 'http',
        publisher: { kind: 'token', name: token.name, role: token.role },
      });
      return reply.code(created ? 201 : 200).send({
        status: created ? 'created' : 'unchanged',
        slug: version.slug,
        version: version.version,
        id: version.id,
        changes: diff?.lines ?? [],
        runbook: version.compiled,
      });
    } catch (err) {
      if (isDomainError(err)) return sendError(reply, err);
      throw err;
    }
  });
}

/** text/* bodies are the runbook itself; JSON bodies are `{ "text": "…", "slug"?: "…" }`. */
function readUpload(body: unknown, slugQuery: string | undefined): { text: string; slug: string | undefined } {
  // A blank slug means none: the runbook is named after its title (an empty slug could never be previewed).
  const slugParam = givenSlug(slugQuery);
  if (typeof body === 'string') return { text: body, slug: slugParam };
  if (Buffer.isBuffer(body)) {
    try {
      const json = JSON.parse(body.toString('utf8')) as { text?: unknown; slug?: unknown };
      return {
        text: typeof json.text === 'string' ? json.text : '',
        slug: givenSlug(json.slug) ?? slugParam,
      };
    } catch {
      return { text: '', slug: slugParam };
    }
  }
  return { text: '', slug: slugParam };
}

function givenSlug(slug: unknown): string | undefined {
  return typeof slug === 'string' && slug.trim() ? slug.trim() : undefined;
}

/**
 * A configured token is `secret`, `secret:author` or `secret:admin` (the role it carries;
 * author by default, admin to raise a runbook's trust or add approvers). Hashes are compared,
 * so neither the length nor the content of a token leaks through timing. Its name in the
 * audit log is the first 8 hex digits of its hash, never the token itself.
 */
export function bearerToken(
  header: string | undefined,
  tokens: readonly string[],
): { name: string; role: 'author' | 'admin' } | null {
  const offered = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!offered) return null;
  const digest = sha256Hex(offered);
  let found: { name: string; role: 'author' | 'admin' } | null = null;
  for (const entry of tokens) {
    const [secret, role] = splitToken(entry);
    if (safeEqualHex(digest, sha256Hex(secret))) found = { name: `token-${digest.slice(0, 8)}`, role };
  }
  return found;
}

function splitToken(entry: string): [string, 'author' | 'admin'] {
  const match = /^(.*):(author|admin)$/.exec(entry);
  return match ? [match[1]!, match[2] as 'author' | 'admin'] : [entry, 'author'];
}
