import { z } from 'zod';
import type { AlertFacts, AlertLifecycle } from '../../alerts/types.js';
import { sha256Hex } from '../../lib/hashing.js';
import { firstIssue, type ParseOutcome } from './parse-outcome.js';

/**
 * The product's own JSON webhook, for any tool that can sign a body with HMAC-SHA256
 * (docs/alert-sources/generic.md). `group` ties deliveries to one incident thread;
 * `id` makes retries idempotent. The delivery id comes only from signed bytes (`id`, else
 * the body's hash): an unsigned header would let a captured delivery be replayed under a
 * fresh id and resolve or reopen its incident again.
 */
const Labels = z.record(z.string(), z.string());
export const GenericBody = z
  .object({
    id: z.string().min(1).max(200).optional(),
    event: z.enum(['trigger', 'acknowledge', 'resolve', 'reopen', 'update']),
    group: z.string().min(1).max(500),
    title: z.string().min(1).max(1000),
    service: z.string().max(200).optional(),
    severity: z.string().max(50).optional(),
    url: z.string().url().optional(),
    fingerprint: z.string().max(200).optional(),
    labels: Labels.optional().default({}),
    note: z.string().max(1000).optional(),
    actor: z.string().max(200).optional(),
  })
  .strict();

const LIFECYCLE: Record<z.infer<typeof GenericBody>['event'], AlertLifecycle> = {
  trigger: 'triggered',
  acknowledge: 'acknowledged',
  resolve: 'resolved',
  reopen: 'reopened',
  update: 'updated',
};

export function parseGeneric(json: unknown, rawBody: Buffer): ParseOutcome {
  const parsed = GenericBody.safeParse(json);
  if (!parsed.success) return { ok: false, message: firstIssue(parsed.error) };
  const body = parsed.data;
  const service = body.service ?? body.labels.service ?? null;
  const facts: AlertFacts = {
    source: 'generic',
    deliveryId: body.id ?? `sha256:${sha256Hex(rawBody)}`,
    eventType: body.event,
    actionable: true,
    externalId: body.group,
    lifecycle: LIFECYCLE[body.event],
    title: body.title,
    service,
    urgency: body.severity ?? null,
    url: body.url ?? null,
    occurredAt: null,
    keywords: [body.severity, service, body.labels.alertname].filter((k): k is string => Boolean(k)),
    labels: body.labels,
    alerts: [
      {
        fingerprint: body.fingerprint ?? body.group,
        status: body.event === 'resolve' ? 'resolved' : 'firing',
        title: body.title,
        labels: body.labels,
        url: body.url ?? null,
      },
    ],
    actor: body.actor ?? null,
    note: body.note ?? null,
  };
  return { ok: true, facts };
}
