/**
 * Reads a delivery's JSON body so that whatever a sender signed can be stored: nesting
 * past a limit is refused (4xx with a reason); strings Postgres's jsonb cannot hold (NUL,
 * unpaired surrogates) are replaced by U+FFFD, with a note saying so. The raw bytes are
 * kept apart, exactly as received.
 */
import { isUtf8 } from 'node:buffer';

export const MAX_JSON_DEPTH = 64;

export type ParsedBody =
  | { ok: true; json: unknown; text: string; notes: string[] }
  | { ok: false; code: 'malformed_json' | 'invalid_payload'; message: string };

export function parseJsonBody(raw: Buffer): ParsedBody {
  const text = raw.toString('utf8');
  const depth = nestingDepth(text);
  if (depth > MAX_JSON_DEPTH) {
    return {
      ok: false,
      code: 'invalid_payload',
      message: `JSON nested ${depth} levels deep; the limit is ${MAX_JSON_DEPTH}`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, code: 'malformed_json', message: 'body is not valid JSON' };
  }
  const notes: string[] = [];
  if (!isUtf8(raw)) notes.push('bytes that are not UTF-8 were read as U+FFFD');
  if (!MAY_HOLD_UNSTORABLE.test(text)) return { ok: true, json, text, notes };
  const replaced = { count: 0 };
  const clean = normalise(json, replaced);
  if (replaced.count > 0) {
    notes.push(`${replaced.count} NUL or unpaired surrogate character(s) replaced by U+FFFD for storage`);
  }
  return { ok: true, json: clean, text: storableText(text), notes };
}

/**
 * Text read from bytes is well-formed UTF-16 and valid JSON has no raw control characters,
 * so a parsed value can hold a NUL or a lone surrogate only through a `\u0000` or
 * `\uD800`–`\uDFFF` escape. Bodies without one (nearly all) skip the copy that replaces them.
 */
const MAY_HOLD_UNSTORABLE = /\\u(?:0000|[dD][89a-fA-F])/;

/** How deep arrays and objects nest, outside strings; one pass, no recursion. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 || ch === 123 /* [ { */) max = Math.max(max, ++depth);
    else if (ch === 93 || ch === 125 /* ] } */) depth--;
  }
  return max;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what Postgres cannot store
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function clean(value: string, replaced: { count: number }): string {
  return value.replace(UNSTORABLE, () => {
    replaced.count += 1;
    return '\ufffd';
  });
}

function normalise(value: unknown, replaced: { count: number }): unknown {
  if (typeof value === 'string') return clean(value, replaced);
  if (Array.isArray(value)) return value.map((v) => normalise(v, replaced));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [clean(k, replaced), normalise(v, replaced)]),
    );
  }
  return value;
}

/** The body as text Postgres can hold (NUL cannot be stored in text). */
function storableText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: see UNSTORABLE
  return text.replace(/\u0000/g, '\ufffd');
}
