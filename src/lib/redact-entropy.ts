import { type LineRule, tag } from './redact-keys.js';

/**
 * The last net: a long token that looks random, printed with no key name and no known
 * prefix (`aws configure get aws_secret_access_key`, `cat token.txt`, an unknown SaaS key).
 *
 * A candidate is a run of 32 to 1,024 base64/base64url characters standing alone (between
 * spaces, quotes, separators or the line's ends). It is hidden when it looks random:
 * - upper case, lower case and digits all appear (hex digests, UUIDs, git hashes and
 *   lower-case names never qualify);
 * - it is not made of words: less than 40% of it sits in runs of 4+ lower-case letters
 *   (`AbstractAutowireCapableBeanFactory2`, `kube-system_coredns-5d78c9869d-abc12_Running`
 *   stay);
 * - its Shannon entropy is at least 3.5 bits per character, and it is not a path;
 * - it is not public material: a digest (`sha256:…`, `sha512-…`), an SSH public key, base64
 *   of a certificate. Base64 of a PEM *private* key is hidden as `private-key`.
 */
const CANDIDATE = /(^|[\s"'`=:,;|(){}[\]<>])([A-Za-z0-9+/_-]{32,1024}={0,3})(?=$|[\s"'`,;|(){}[\]<>.])/g;
export const LONG_TOKEN_HINT = /[A-Za-z0-9+/_=-]{32}/;

const MIN_ENTROPY = 3.5;
const MAX_WORD_SHARE = 0.4;

function shannon(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

function wordShare(s: string): number {
  let inWords = 0;
  for (const run of s.match(/[a-z]{4,}/g) ?? []) inWords += run.length;
  return inWords / s.length;
}

/** Digests and fingerprints: `sha256:…`, `SHA256:…`, `sha512-…` (npm integrity), `md5:…`, `h1:…` (go.sum). */
const DIGEST_BEFORE = /(?:sha\d{1,3}|md5|h1)[:-]$/i;
const DIGEST_PREFIX = /^(?:sha\d{1,3}|md5)-/i;
/** An SSH public key after its type: `ssh-ed25519 AAAAC3…`. */
const SSH_KEY_BEFORE = /(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp\d{3}|sk-[a-z0-9-]{1,40}@openssh\.com)\s{1,8}$/;

/** What the start of a base64 token decodes to, when it is base64 at all. */
function decodedStart(token: string): string {
  if (!/^[A-Za-z0-9+/]{16}/.test(token)) return '';
  return Buffer.from(token.slice(0, 44), 'base64').toString('latin1');
}

/**
 * Public material that looks random: digests, SSH public keys, base64 of a PEM certificate or
 * public key (kubeconfig `certificate-authority-data`, `caBundle`).
 */
function isPublic(token: string, before: string): boolean {
  if (DIGEST_BEFORE.test(before) || DIGEST_PREFIX.test(token) || SSH_KEY_BEFORE.test(before)) return true;
  const start = decodedStart(token);
  return (
    /^-----BEGIN (?:CERTIFICATE|PUBLIC KEY|X509 CRL|CERTIFICATE REQUEST)/.test(start) ||
    /^\0\0\0.(?:ssh-|ecdsa-|sk-)/s.test(start)
  );
}

/** Base64 of a PEM private key (`LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVkt…`). */
const isBase64PrivateKey = (token: string): boolean =>
  /^-----BEGIN [A-Z0-9 ]{0,20}PRIVATE KEY/.test(decodedStart(token));

export function looksRandom(token: string): boolean {
  const t = token.replace(/=+$/, '');
  if (!/[A-Z]/.test(t) || !/[a-z]/.test(t) || !/[0-9]/.test(t)) return false;
  if (t.startsWith('/') || t.includes('//') || t.startsWith('-')) return false;
  if (wordShare(t) >= MAX_WORD_SHARE) return false;
  return shannon(t) >= MIN_ENTROPY;
}

export const ENTROPY_RULE: LineRule = {
  kind: 'high-entropy',
  hint: LONG_TOKEN_HINT,
  apply: (line) =>
    line.replace(CANDIDATE, (m, lead: string, token: string, offset: number) => {
      if (isBase64PrivateKey(token)) return `${lead}${tag('private-key')}`;
      const before = line.slice(Math.max(0, offset - 40), offset) + lead;
      return looksRandom(token) && !isPublic(token, before) ? `${lead}${tag('high-entropy')}` : m;
    }),
};
