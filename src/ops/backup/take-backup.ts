import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../lib/clock.js';
import { DomainError } from '../../lib/errors.js';
import type { BackupTarget } from '../targets/target.js';
import { type BackupManifest, MANIFEST_FORMAT, type SignedManifest } from '../types.js';
import { KEYS, newRecordId } from './catalog.js';
import { withExportedSnapshot } from './database-facts.js';
import { fileDigest } from './file-digest.js';
import { sign } from './manifest-signing.js';
import { pgDump, toolVersion } from './pg-tools.js';

export interface BackupDeps {
  /** The owner connection (MIGRATION_DATABASE_URL): pg_dump must see every tenant's rows. */
  ownerUrl: string;
  target: BackupTarget;
  hmacKeys: readonly string[];
  workDir: string;
  clock: Clock;
  productVersion: string;
}

export function requireKeys(keys: readonly string[]): void {
  if (keys.length === 0) {
    throw new DomainError(
      'config_invalid',
      'BACKUP_HMAC_KEY is not set: backups are signed, and an unsigned backup cannot be trusted at restore time. Set it (openssl rand -hex 32) and keep a copy outside this system.',
    );
  }
}

/**
 * pg_dump (custom format) of the snapshot the row counts were read in, its sha256, and a
 * signed manifest. The dump is uploaded first and the manifest last, so a backup without
 * a manifest is an incomplete one and is never listed.
 */
export async function takeBackup(deps: BackupDeps): Promise<SignedManifest> {
  requireKeys(deps.hmacKeys);
  const startedAt = deps.clock.now();
  const id = newRecordId(startedAt);
  await mkdir(deps.workDir, { recursive: true });
  const file = path.join(deps.workDir, `${id}.dump`);
  try {
    const facts = await withExportedSnapshot(deps.ownerUrl, async (snapshot, facts) => {
      await pgDump(deps.ownerUrl, snapshot, file);
      return facts;
    });
    const digest = await fileDigest(file);
    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      id,
      createdAt: startedAt.toISOString(),
      database: { name: facts.database, serverVersion: facts.serverVersion },
      file: { key: KEYS.dump(id), bytes: digest.bytes, sha256: digest.sha256 },
      rowCounts: facts.rowCounts,
      auditChainHeads: facts.auditChainHeads,
      schemaVersion: facts.schemaVersion,
      tools: { pgDump: await toolVersion('pg_dump'), node: process.version, product: deps.productVersion },
      durationMs: 0,
    };
    await deps.target.putFile(manifest.file.key, file);
    manifest.durationMs = deps.clock.now().getTime() - startedAt.getTime();
    const signed = sign(manifest, deps.hmacKeys);
    await deps.target.putJson(KEYS.manifest(id), signed);
    return signed;
  } finally {
    await rm(file, { force: true });
  }
}
