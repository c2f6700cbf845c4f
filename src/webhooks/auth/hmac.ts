import { hmacSha256Hex, safeEqualHex } from '../../lib/hashing.js';
import type { AuthCheck } from './credentials.js';

/**
 * A hex HMAC-SHA256 signature of the raw body in a header, with or without a `sha256=`
 * prefix (Grafana sends bare hex; the generic route documents `sha256=`). When a timestamp
 * header is used, the signed text is `<timestamp>:<body>` (Grafana's scheme) and a
 * timestamp older than `maxAgeSeconds` is refused, so a captured delivery cannot be replayed.
 */
export function verifyHmacSignature(input: {
  header: string | undefined;
  headerName: string;
  rawBody: Buffer;
  secrets: readonly string[];
  timestamp?: { value: string | undefined; nowSeconds: number; maxAgeSeconds: number };
}): AuthCheck {
  if (!input.header) return { ok: false, reason: `missing ${input.headerName} header` };
  const offered = input.header
    .trim()
    .toLowerCase()
    .replace(/^sha256=/, '');
  let signed: Buffer = input.rawBody;
  if (input.timestamp?.value !== undefined) {
    const at = Number(input.timestamp.value);
    if (!Number.isFinite(at) || Math.abs(input.timestamp.nowSeconds - at) > input.timestamp.maxAgeSeconds) {
      return { ok: false, reason: 'timestamp is missing, malformed or too old' };
    }
    signed = Buffer.concat([Buffer.from(`${input.timestamp.value}:`), input.rawBody]);
  }
  let matched = false;
  for (const secret of input.secrets) {
    if (safeEqualHex(offered, hmacSha256Hex(secret, signed))) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: 'signature does not match' };
}
