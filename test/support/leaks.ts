/** The secret, and every 12-character piece of it: a partial redaction is a leak too. */
export function secretPieces(secret: string): string[] {
  if (secret.length <= 12) return [secret];
  const out: string[] = [];
  for (let i = 0; i + 12 <= secret.length; i += 3) out.push(secret.slice(i, i + 12));
  return [secret, ...out];
}

/** The pieces of `secrets` found in `haystack`. */
export function leakedPieces(secrets: readonly string[], haystack: string): string[] {
  return [...new Set(secrets.flatMap(secretPieces).filter((piece) => haystack.includes(piece)))];
}
