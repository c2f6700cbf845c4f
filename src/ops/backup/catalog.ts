import { randomBytes } from 'node:crypto';
import type { BackupTarget } from '../targets/target.js';
import type { BackupEntry, SignedDrill, SignedManifest, SignedVerification } from '../types.js';
import { verifySignature } from './manifest-signing.js';

/**
 * The target is the catalogue: `backups/<id>.dump`, `backups/<id>.manifest.json` (written
 * last, so its presence means the dump is complete), `backups/<id>.verification.json`,
 * and `drills/<id>.json`. Ids start with the UTC time, so they sort by age.
 */
export const KEYS = {
  dump: (id: string) => `backups/${id}.dump`,
  manifest: (id: string) => `backups/${id}.manifest.json`,
  verification: (id: string) => `backups/${id}.verification.json`,
  drill: (id: string) => `drills/${id}.json`,
};

// Milliseconds in the stamp: records taken within one second still sort in the order they
// were taken (ids from before carried whole seconds and are still read).
const ID_PATTERN = /^(\d{8}T\d{6}(?:\d{3})?Z)-[0-9a-f]{6}$/;

export function newRecordId(at: Date): string {
  const stamp = at.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export function timeOfId(id: string): Date | null {
  const m = ID_PATTERN.exec(id);
  if (!m) return null;
  const s = m[1]!;
  const millis = s.length > 16 ? `.${s.slice(15, 18)}` : '';
  return new Date(
    `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}${millis}Z`,
  );
}

export function isRecordId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** Every backup whose manifest exists, newest first, with its verification record if any. */
export async function listBackups(target: BackupTarget): Promise<BackupEntry[]> {
  const keys = new Set(await target.list('backups/'));
  const ids = [...keys]
    .map((k) => /^backups\/(.+)\.manifest\.json$/.exec(k)?.[1])
    .filter((id): id is string => Boolean(id && isRecordId(id)))
    .sort()
    .reverse();
  const entries: BackupEntry[] = [];
  for (const id of ids) {
    const manifest = (await target.getJson(KEYS.manifest(id))) as SignedManifest | null;
    if (!manifest) continue;
    const verification = keys.has(KEYS.verification(id))
      ? ((await target.getJson(KEYS.verification(id))) as SignedVerification | null)
      : null;
    entries.push({ id, createdAt: timeOfId(id)!, manifest, verification });
  }
  return entries;
}

/**
 * A backup counts as verified only when its verification record passed and carries a
 * valid signature: anyone able to write to the bucket could otherwise mark junk as good.
 */
export function isVerified(entry: BackupEntry, keys: readonly string[]): boolean {
  return Boolean(entry.verification?.ok && verifySignature(entry.verification, keys).ok);
}

export function verificationFailed(entry: BackupEntry, keys: readonly string[]): boolean {
  return Boolean(entry.verification && entry.verification.ok === false && verifySignature(entry.verification, keys).ok);
}

/** Drill records, newest first; records whose signature does not verify are left out. */
export async function listDrills(target: BackupTarget, keys: readonly string[], limit = 20): Promise<SignedDrill[]> {
  const ids = (await target.list('drills/'))
    .map((k) => /^drills\/(.+)\.json$/.exec(k)?.[1])
    .filter((id): id is string => Boolean(id && isRecordId(id)))
    .sort()
    .reverse()
    .slice(0, limit);
  const drills: SignedDrill[] = [];
  for (const id of ids) {
    const record = (await target.getJson(KEYS.drill(id))) as SignedDrill | null;
    if (record && verifySignature(record, keys).ok) drills.push(record);
  }
  return drills;
}
