import { hmacSha256Hex, safeEqualHex } from '../../lib/hashing.js';

/**
 * PagerDuty V3: `X-PagerDuty-Signature: v1=<hex>[,v1=<hex>…]`, one HMAC-SHA256 of the raw
 * body per active secret (several during rotation). Valid when any value matches any
 * configured secret; every comparison is constant-time.
 */
export function verifyPagerDutySignature(
  header: string | undefined,
  rawBody: Buffer,
  secrets: readonly string[],
): { ok: true } | { ok: false; reason: string } {
  if (!header) return { ok: false, reason: 'missing X-PagerDuty-Signature header' };
  const offered = header
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('v1='))
    .map((s) => s.slice(3).toLowerCase());
  if (offered.length === 0) return { ok: false, reason: 'X-PagerDuty-Signature has no v1= signature' };
  const expected = secrets.map((secret) => hmacSha256Hex(secret, rawBody));
  let matched = false;
  // No early exit: the time taken does not depend on which value matched.
  for (const candidate of offered) {
    for (const value of expected) {
      if (safeEqualHex(candidate, value)) matched = true;
    }
  }
  return matched ? { ok: true } : { ok: false, reason: 'signature does not match' };
}

export function signPagerDutyBody(rawBody: string | Buffer, secret: string): string {
  return `v1=${hmacSha256Hex(secret, rawBody)}`;
}
