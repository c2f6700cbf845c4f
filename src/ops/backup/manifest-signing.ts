import { canonicalJson, hmacSha256Hex, safeEqualHex, sha256Hex } from '../../lib/hashing.js';
import type { Signature } from '../types.js';

/**
 * HMAC-SHA256 over the canonical JSON (sorted keys) of a record without its signature.
 * The first key signs; any key verifies, so keys can be rotated without orphaning old
 * backups. The key id lets a verifier pick the right key and say which one is missing.
 */
export function keyId(key: string): string {
  return sha256Hex(key).slice(0, 16);
}

export function sign<T extends object>(record: T, keys: readonly string[]): T & { signature: Signature } {
  const key = keys[0];
  if (!key) throw new Error('no signing key');
  const value = hmacSha256Hex(key, canonicalJson(record));
  return { ...record, signature: { alg: 'HMAC-SHA256', keyId: keyId(key), value } };
}

export type SignatureCheck = { ok: true; keyId: string } | { ok: false; reason: string };

export function verifySignature(signed: unknown, keys: readonly string[]): SignatureCheck {
  if (!signed || typeof signed !== 'object') return { ok: false, reason: 'not a JSON object' };
  const { signature, ...body } = signed as { signature?: Partial<Signature> };
  if (signature?.alg !== 'HMAC-SHA256' || typeof signature.value !== 'string') {
    return { ok: false, reason: 'no HMAC-SHA256 signature' };
  }
  const key = keys.find((k) => keyId(k) === signature.keyId);
  if (!key) {
    return {
      ok: false,
      reason: `signed with key ${String(signature.keyId)}, which is not among BACKUP_HMAC_KEY's ${keys.length} key(s)`,
    };
  }
  const expected = hmacSha256Hex(key, canonicalJson(body));
  return safeEqualHex(expected, signature.value)
    ? { ok: true, keyId: signature.keyId as string }
    : { ok: false, reason: 'the signature does not match the content: the record was altered' };
}
