import type { KnownBlock } from '@slack/types';
import type { FastifyInstance } from 'fastify';
import { isDomainError } from '../lib/errors.js';
import type { RunbookService } from '../runbooks/service.js';

/**
 * POST /api/runbooks: an author (or a CI job syncing a wiki) sends a runbook as text;
 * it is compiled and stored as a new immutable version. Auth: a bearer token would go
 * here; the endpoint listens on HTTP_HOST (127.0.0.1 by default).
 */
export function registerRunbookUploadRoute(
  app: FastifyInstance,
  deps: {
    runbooks: RunbookService;
    tenantId: () => string;
    preview: (tenantId: string, which: { slug: string }) => Promise<KnownBlock[]>;
  },
): void {
  app.addContentTypeParser(['text/plain', 'text/markdown', 'text/html'], { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  app.post<{ Querystring: { slug?: string; author?: string } }>('/api/runbooks', async (request, reply) => {
    const { text, slug } = readUpload(request.body, request.query.slug);
    if (!text.trim())
      return reply.code(400).send({ error: 'empty', message: 'send the runbook text as the request body' });
    try {
      const { version, created } = await deps.runbooks.addVersion({
        tenantId: deps.tenantId(),
        slug,
        text,
        sourceKind: 'http',
        createdBy: `http:${request.query.author ?? 'anonymous'}`,
      });
      return reply.code(created ? 201 : 200).send({
        status: created ? 'created' : 'unchanged',
        slug: version.slug,
        version: version.version,
        id: version.id,
        runbook: version.compiled,
      });
    } catch (err) {
      if (isDomainError(err)) return reply.code(err.httpStatus).send({ error: err.code, message: err.message });
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
