import type { IncomingMessage, ServerResponse } from 'node:http';
import { isObject } from '../block-kit/issues.js';
import type { JsonObject } from '../types.js';

const MAX_BODY_BYTES = 5 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export type ParsedBody =
  | { format: 'form' | 'json' | 'empty'; args: JsonObject }
  | { format: 'invalid'; error: 'invalid_json' | 'invalid_form_data' };

/** Parses a Web API body: form-encoded (what WebClient sends) or JSON (what Slack also accepts). */
export function parseBody(contentType: string | undefined, raw: string): ParsedBody {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (raw.trim() === '') return { format: 'empty', args: {} };
  if (type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(raw);
      return isObject(parsed) ? { format: 'json', args: parsed } : { format: 'invalid', error: 'invalid_json' };
    } catch {
      return { format: 'invalid', error: 'invalid_json' };
    }
  }
  if (type === 'application/x-www-form-urlencoded' || type === '') {
    return { format: 'form', args: Object.fromEntries(new URLSearchParams(raw)) };
  }
  return { format: 'invalid', error: 'invalid_form_data' };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
