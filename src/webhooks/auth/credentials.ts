import { safeEqualHex, sha256Hex } from '../../lib/hashing.js';

/**
 * The credentials a source may present in `Authorization`: bearer tokens (Alertmanager
 * `http_config.authorization`, Grafana `authorization_credentials`, a custom header in
 * Opsgenie / JSM) and `user:password` pairs (HTTP basic auth, as `basic_auth` sends it).
 */
export interface HttpCredentials {
  bearer: readonly string[];
  basic: readonly string[];
}

export type AuthCheck = { ok: true } | { ok: false; reason: string };

export function hasCredentials(creds: HttpCredentials): boolean {
  return creds.bearer.length > 0 || creds.basic.length > 0;
}

/** Checks an Authorization header against every configured credential, in constant time per value. */
export function checkAuthorization(header: string | undefined, creds: HttpCredentials): AuthCheck {
  if (!header) return { ok: false, reason: 'missing Authorization header (Bearer <token> or Basic)' };
  const space = header.indexOf(' ');
  const scheme = space > 0 ? header.slice(0, space).toLowerCase() : '';
  const value = space > 0 ? header.slice(space + 1).trim() : '';
  if (scheme === 'bearer') return anyMatches(value, creds.bearer, 'bearer token');
  if (scheme === 'basic') return anyMatches(decodeBasic(value), creds.basic, 'basic credentials');
  return { ok: false, reason: 'Authorization must be Bearer <token> or Basic <base64 user:password>' };
}

function decodeBasic(value: string): string {
  return Buffer.from(value, 'base64').toString('utf8');
}

/** Compares digests so that lengths never leak; no early exit. */
function anyMatches(offered: string, accepted: readonly string[], what: string): AuthCheck {
  if (accepted.length === 0) return { ok: false, reason: `${what} are not accepted on this route` };
  const digest = sha256Hex(offered);
  let matched = false;
  for (const candidate of accepted) {
    if (safeEqualHex(digest, sha256Hex(candidate))) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: `${what} do not match` };
}
