import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { verifyAuditChain } from '../../audit/verify.js';
import { createDb } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { BackupTarget } from '../targets/target.js';
import type { BackupEntry, CheckResult, SignedManifest, VerificationRecord } from '../types.js';
import { type DatabaseFacts, readDatabaseFacts } from './database-facts.js';
import { fileDigest } from './file-digest.js';
import { verifySignature } from './manifest-signing.js';
import { pgRestore } from './pg-tools.js';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database.js';

export interface VerifyDeps {
  ownerUrl: string;
  target: BackupTarget;
  hmacKeys: readonly string[];
  workDir: string;
  clock: Clock;
}

/** Restored into a scratch database; also handed to a full drill before it is dropped. */
export interface RestoredCopy {
  scratch: ScratchDatabase;
  facts: DatabaseFacts;
}

const check = (name: string, ok: boolean, detail: string): CheckResult => ({ name, ok, ran: true, detail });
const skipped = (name: string, why: string): CheckResult => ({ name, ok: false, ran: false, detail: why });

/**
 * Proves a backup can be restored: signature and sha256 first (nothing untrusted is
 * restored), then pg_restore into a scratch database, row counts, schema version and the
 * audit chain recomputed on the copy. The scratch database is dropped unless `keep` takes
 * it (a full drill starts the product on it, then drops it).
 */
export async function verifyBackup(
  deps: VerifyDeps,
  entry: BackupEntry,
  keep?: (copy: RestoredCopy) => Promise<CheckResult[]>,
): Promise<VerificationRecord> {
  const startedAt = deps.clock.now();
  const checks: CheckResult[] = [];
  const manifest = entry.manifest;
  const signature = verifySignature(manifest, deps.hmacKeys);
  checks.push(
    check('manifest_signature', signature.ok, signature.ok ? `HMAC-SHA256, key ${signature.keyId}` : signature.reason),
  );
  let restoreMs = 0;
  if (signature.ok) {
    await mkdir(deps.workDir, { recursive: true });
    const file = path.join(deps.workDir, `${entry.id}.verify.dump`);
    try {
      const fileOk = await checkFile(deps.target, manifest, file, checks);
      if (fileOk) restoreMs = await restoreAndCompare(deps, manifest, file, checks, keep);
    } finally {
      await rm(file, { force: true });
    }
  }
  for (const name of ALL_CHECKS) {
    if (!checks.some((c) => c.name === name)) checks.push(skipped(name, 'not run: an earlier check failed'));
  }
  const durationMs = deps.clock.now().getTime() - startedAt.getTime();
  const bytes = manifest.file?.bytes ?? 0;
  return {
    backupId: entry.id,
    verifiedAt: startedAt.toISOString(),
    ok: checks.every((c) => c.ok),
    checks,
    durationMs,
    restoreMs,
    bytes,
    throughputMBps: restoreMs > 0 ? Math.round((bytes / 1e6 / (restoreMs / 1000)) * 100) / 100 : 0,
  };
}

const ALL_CHECKS = [
  'manifest_signature',
  'file_size',
  'file_sha256',
  'restore',
  'row_counts',
  'schema_version',
  'audit_chain',
  'scratch_dropped',
] as const;

async function checkFile(target: BackupTarget, manifest: SignedManifest, file: string, checks: CheckResult[]) {
  try {
    await target.getToFile(manifest.file.key, file);
  } catch (err) {
    checks.push(check('file_size', false, `could not download ${manifest.file.key}: ${(err as Error).message}`));
    return false;
  }
  const digest = await fileDigest(file);
  const sizeOk = digest.bytes === manifest.file.bytes;
  checks.push(
    check(
      'file_size',
      sizeOk,
      sizeOk
        ? `${digest.bytes} bytes`
        : `${digest.bytes} bytes, the manifest says ${manifest.file.bytes}: the file is truncated or padded`,
    ),
  );
  const shaOk = digest.sha256 === manifest.file.sha256;
  checks.push(
    check(
      'file_sha256',
      shaOk,
      shaOk ? digest.sha256 : `sha256 ${digest.sha256} ≠ manifest ${manifest.file.sha256}: the file changed`,
    ),
  );
  return sizeOk && shaOk;
}

async function restoreAndCompare(
  deps: VerifyDeps,
  manifest: SignedManifest,
  file: string,
  checks: CheckResult[],
  keep?: (copy: RestoredCopy) => Promise<CheckResult[]>,
): Promise<number> {
  const scratch = await createScratchDatabase(deps.ownerUrl, 'verify');
  let restoreMs = 0;
  try {
    const t0 = Date.now();
    try {
      await pgRestore(scratch.url, file);
      restoreMs = Date.now() - t0;
      checks.push(check('restore', true, `pg_restore into ${scratch.name} in ${restoreMs} ms`));
    } catch (err) {
      checks.push(check('restore', false, (err as Error).message.slice(0, 1500)));
      return 0;
    }
    const facts = await readFacts(scratch.url);
    checks.push(compareRowCounts(manifest.rowCounts, facts.rowCounts));
    checks.push(
      check(
        'schema_version',
        facts.schemaVersion === manifest.schemaVersion,
        `restored ${facts.schemaVersion ?? 'none'}, manifest ${manifest.schemaVersion ?? 'none'}`,
      ),
    );
    checks.push(await checkAuditChains(scratch.url, manifest));
    if (keep) checks.push(...(await keep({ scratch, facts })));
  } finally {
    await scratch.drop().then(
      () => checks.push(check('scratch_dropped', true, `${scratch.name} dropped`)),
      (err: Error) => checks.push(check('scratch_dropped', false, `could not drop ${scratch.name}: ${err.message}`)),
    );
  }
  return restoreMs;
}

async function readFacts(url: string): Promise<DatabaseFacts> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await readDatabaseFacts(client);
  } finally {
    await client.end();
  }
}

export function compareRowCounts(expected: Record<string, number>, actual: Record<string, number>): CheckResult {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  const diffs = names
    .filter((n) => expected[n] !== actual[n])
    .map((n) => `${n}: ${actual[n] ?? 'missing'} restored, ${expected[n] ?? 'absent'} in manifest`);
  const total = Object.values(actual).reduce((a, b) => a + b, 0);
  return check(
    'row_counts',
    diffs.length === 0,
    diffs.length ? diffs.slice(0, 10).join('; ') : `${names.length} tables, ${total} rows match`,
  );
}

async function checkAuditChains(url: string, manifest: SignedManifest): Promise<CheckResult> {
  const db = createDb({ url, poolMax: 2, applicationName: 'runbook-copilot-verify' });
  try {
    const problems: string[] = [];
    let events = 0;
    for (const head of manifest.auditChainHeads) {
      const result = await verifyAuditChain(db, head.tenantId);
      events += result.events;
      if (!result.ok) problems.push(`${head.tenantId}: ${result.problem}`);
      else if (result.events !== head.seq || result.headHash !== head.headHash) {
        problems.push(`${head.tenantId}: restored head #${result.events} ≠ manifest head #${head.seq}`);
      }
    }
    return check(
      'audit_chain',
      problems.length === 0,
      problems.length ? problems.join('; ') : `${manifest.auditChainHeads.length} chain(s), ${events} events intact`,
    );
  } finally {
    await db.destroy();
  }
}
