import { readFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../src/audit/audit-log.js';
import { inTenant } from '../../../src/db/tenant-scope.js';
import { KEYS } from '../../../src/ops/backup/catalog.js';
import { OPS_AUDIT_TENANT } from '../../../src/ops/reporter.js';
import { localDirectoryTarget } from '../../../src/ops/targets/local-directory.js';
import { s3BucketTarget } from '../../../src/ops/targets/s3-bucket.js';
import type { SignedManifest } from '../../../src/ops/types.js';
import { ADMIN_URL } from '../../support/pg-admin.js';
import { type S3Server, s3Settings, startS3Server } from '../../support/s3-server.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';
import { backupServiceFor, KEY_A, KEY_B, recordingChat, seed, tempDir } from './ops-fixture.js';

async function opsAudit(t: TestDatabase) {
  return inTenant(t.db, OPS_AUDIT_TENANT, (trx) => createAuditLog(trx).list({ tenantId: OPS_AUDIT_TENANT }));
}

async function scratchDatabases(): Promise<string[]> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    const r = await c.query<{ datname: string }>("select datname from pg_database where datname like 'rbc_scratch_%'");
    return r.rows.map((x) => x.datname);
  } finally {
    await c.end();
  }
}

describe('backups to a local directory: taken, listed, restored and checked', () => {
  let t: TestDatabase;
  const dir = tempDir('local');
  beforeAll(async () => {
    t = await createTestDatabase();
    await seed(t);
  });
  afterAll(async () => t.drop());

  it('takes a signed backup whose manifest counts every row and names each audit chain head', async () => {
    const chat = recordingChat();
    const service = backupServiceFor(t, localDirectoryTarget(dir), { chat });
    const manifest = await service.backupNow('U0ONCALL01');

    expect(manifest.rowCounts.alert_inbox).toBe(6);
    expect(manifest.rowCounts.workspaces).toBe(2);
    expect(manifest.rowCounts.audit_events).toBe(10);
    expect(manifest.auditChainHeads.map((h) => [h.tenantId, h.seq])).toEqual([
      ['T0SEEDONE', 5],
      ['T0SEEDTWO', 5],
    ]);
    expect(manifest.schemaVersion).toMatch(/^\d{4}-\d{2}-\d{2}T\d{4}_/);
    expect(manifest.tools.pgDump).toMatch(/^pg_dump \(PostgreSQL\) \d+/);
    expect(manifest.signature).toMatchObject({ alg: 'HMAC-SHA256' });
    const onDisk = await readFile(path.join(dir, KEYS.dump(manifest.id)));
    expect(onDisk.length).toBe(manifest.file.bytes);
    expect(onDisk.subarray(0, 5).toString()).toBe('PGDMP');

    expect(chat.posts.map((p) => p.text)).toEqual([expect.stringContaining(`💾 Backup ${manifest.id} taken`)]);
    const audit = await opsAudit(t);
    expect(audit.map((e) => [e.type, e.actor, e.subjectId])).toEqual([
      ['ops.backup_created', 'U0ONCALL01', manifest.id],
    ]);
    expect((await service.list()).map((b) => [b.id, b.verified, b.manifestSignatureOk])).toEqual([
      [manifest.id, null, true],
    ]);
  });

  it('verifies the newest backup by restoring it into a scratch database that is dropped afterwards', async () => {
    const chat = recordingChat();
    const service = backupServiceFor(t, localDirectoryTarget(dir), { chat });
    const { record } = await service.verify('latest', 'U0ONCALL01');

    expect(record.ok).toBe(true);
    expect(record.checks.map((c) => [c.name, c.ok])).toEqual([
      ['manifest_signature', true],
      ['file_size', true],
      ['file_sha256', true],
      ['restore', true],
      ['row_counts', true],
      ['schema_version', true],
      ['audit_chain', true],
      ['scratch_dropped', true],
    ]);
    expect(record.checks.find((c) => c.name === 'audit_chain')!.detail).toBe('2 chain(s), 10 events intact');
    expect(record.restoreMs).toBeGreaterThan(0);
    expect(record.throughputMBps).toBeGreaterThan(0);
    expect(await scratchDatabases()).not.toContainEqual(expect.stringContaining('_verify_'));
    expect((await service.list())[0]!.verified).toBe(true);
    expect(chat.posts.at(-1)!.text).toMatch(/^✅ Backup .* restores: every check passed/);
    expect((await opsAudit(t)).at(-1)!.type).toBe('ops.backup_verified');
  });

  it('a backup taken while the product writes still matches its manifest (one snapshot for dump and counts)', async () => {
    const service = backupServiceFor(t, localDirectoryTarget(dir));
    const audit = createAuditLog(t.db);
    let writing = true;
    const writer = (async () => {
      let i = 0;
      while (writing) {
        i += 1;
        await inTenant(t.db, 'T0SEEDONE', (trx) =>
          audit.append(
            {
              tenantId: 'T0SEEDONE',
              type: 'alert.received',
              actor: 'system:test',
              data: {
                source: 'pagerduty',
                deliveryId: `seed-${i}`,
                eventType: 'incident.triggered',
                title: `seed ${i}`,
                service: null,
              },
            },
            trx,
          ),
        );
      }
      return i;
    })();
    const manifest = await service.backupNow('system:test');
    writing = false;
    expect(await writer).toBeGreaterThan(0);
    const { record } = await service.verify(manifest.id, 'system:test');
    expect(record.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('accepts a manifest signed with an older key during rotation, and refuses one no key signed', async () => {
    const signedWithA = backupServiceFor(t, localDirectoryTarget(dir), { keys: [KEY_A] });
    const manifest = await signedWithA.backupNow('system:test');
    const rotated = backupServiceFor(t, localDirectoryTarget(dir), { keys: [KEY_B, KEY_A] });
    expect((await rotated.verify(manifest.id, 'system:test')).record.ok).toBe(true);

    const chat = recordingChat();
    const otherKey = backupServiceFor(t, localDirectoryTarget(dir), { keys: [KEY_B], chat });
    const { record } = await otherKey.verify(manifest.id, 'system:test');
    expect(record.ok).toBe(false);
    expect(record.checks[0]).toMatchObject({ name: 'manifest_signature', ok: false });
    expect(record.checks[0]!.detail).toContain('not among BACKUP_HMAC_KEY');
    expect(record.checks.filter((c) => c.ran).map((c) => c.name)).toEqual(['manifest_signature']);
    expect(chat.posts.at(-1)!.text).toContain('🚨');
  });
});

describe('tampered and truncated backups fail loudly', () => {
  let t: TestDatabase;
  const dir = tempDir('tamper');
  let manifest: SignedManifest;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seed(t, ['T0TAMPER'], 3);
    manifest = await backupServiceFor(t, localDirectoryTarget(dir)).backupNow('system:test');
  });
  afterAll(async () => t.drop());

  it('a manifest whose row counts were edited fails its signature, nothing is restored, and the channel hears it', async () => {
    const file = path.join(dir, KEYS.manifest(manifest.id));
    const original = await readFile(file, 'utf8');
    const edited = JSON.parse(original) as SignedManifest;
    edited.rowCounts.audit_events = 999;
    await writeFile(file, JSON.stringify(edited));
    const chat = recordingChat();
    const service = backupServiceFor(t, localDirectoryTarget(dir), { chat });
    const { record } = await service.verify(manifest.id, 'system:test');
    await writeFile(file, original);

    expect(record.ok).toBe(false);
    expect(record.checks[0]).toMatchObject({ name: 'manifest_signature', ok: false, ran: true });
    expect(record.checks[0]!.detail).toContain('altered');
    expect(record.checks.find((c) => c.name === 'restore')).toMatchObject({ ran: false });
    expect(chat.posts.at(-1)!.text).toMatch(/^🚨 Backup .* FAILED verification: manifest_signature/);
    const failed = (await opsAudit(t)).at(-1)!;
    expect(failed.type).toBe('ops.backup_verification_failed');
    expect((await service.list())[0]!.verified).toBe(false);
  });

  it('a truncated dump fails on size and sha256 before any restore is tried', async () => {
    const file = path.join(dir, KEYS.dump(manifest.id));
    const original = await readFile(file);
    await truncate(file, Math.floor(original.length / 2));
    const { record } = await backupServiceFor(t, localDirectoryTarget(dir)).verify(manifest.id, 'system:test');
    await writeFile(file, original);

    expect(record.ok).toBe(false);
    expect(record.checks.find((c) => c.name === 'file_size')!.detail).toContain('truncated');
    expect(record.checks.find((c) => c.name === 'file_sha256')).toMatchObject({ ok: false, ran: true });
    expect(record.checks.find((c) => c.name === 'restore')).toMatchObject({ ran: false });
  });

  it('a dump whose bytes were flipped (same size) fails on sha256', async () => {
    const file = path.join(dir, KEYS.dump(manifest.id));
    const original = await readFile(file);
    const flipped = Buffer.from(original);
    flipped[flipped.length - 10] = (flipped[flipped.length - 10]! + 1) % 256;
    await writeFile(file, flipped);
    const { record } = await backupServiceFor(t, localDirectoryTarget(dir)).verify(manifest.id, 'system:test');
    await writeFile(file, original);
    expect(record.checks.find((c) => c.name === 'file_size')!.ok).toBe(true);
    expect(record.checks.find((c) => c.name === 'file_sha256')!.ok).toBe(false);
  });

  it('a dump re-signed by someone holding the key but from another database fails on row counts and chains', async () => {
    const other = await createTestDatabase();
    try {
      await seed(other, ['T0OTHER'], 2);
      const foreign = await backupServiceFor(other, localDirectoryTarget(dir)).backupNow('system:test');
      // Splice: the foreign dump under this backup's manifest, with a matching (re-signed) file hash.
      const spliced = {
        ...manifest,
        file: { ...manifest.file, key: foreign.file.key, bytes: foreign.file.bytes, sha256: foreign.file.sha256 },
      };
      const { sign } = await import('../../../src/ops/backup/manifest-signing.js');
      const { signature: _drop, ...body } = spliced;
      await writeFile(path.join(dir, KEYS.manifest(manifest.id)), JSON.stringify(sign(body, [KEY_A])));
      const { record } = await backupServiceFor(t, localDirectoryTarget(dir)).verify(manifest.id, 'system:test');
      expect(record.checks.find((c) => c.name === 'restore')!.ok).toBe(true);
      expect(record.checks.find((c) => c.name === 'row_counts')!.ok).toBe(false);
      expect(record.checks.find((c) => c.name === 'audit_chain')!.ok).toBe(false);
      expect(record.ok).toBe(false);
    } finally {
      await other.drop();
    }
  });
});

describe('backups to an S3-compatible bucket', () => {
  let t: TestDatabase;
  let s3: S3Server;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seed(t, ['T0S3ONE'], 4);
    s3 = await startS3Server();
  });
  afterAll(async () => {
    await s3.close();
    await t.drop();
  });

  it('uploads the dump and its manifest, lists it and verifies it from the bucket', async () => {
    const target = s3BucketTarget(s3Settings(s3), tempDir('s3-stage'));
    const service = backupServiceFor(t, target);
    const manifest = await service.backupNow('system:test');
    expect(target.location).toBe(`s3://${s3.bucket}/ops-test/`);
    expect((await target.list('backups/')).sort()).toEqual([KEYS.dump(manifest.id), KEYS.manifest(manifest.id)]);
    const { record } = await service.verify('latest', 'system:test');
    expect(record.checks.filter((c) => !c.ok)).toEqual([]);
    expect(await service.list()).toEqual([
      expect.objectContaining({ id: manifest.id, verified: true, bytes: manifest.file.bytes }),
    ]);
  });

  it('a dump truncated in the bucket fails verification', async () => {
    const target = s3BucketTarget(s3Settings(s3), tempDir('s3-stage'));
    const service = backupServiceFor(t, target);
    const manifest = await service.backupNow('system:test');
    const staged = path.join(tempDir('s3-cut'), 'cut.dump');
    await target.getToFile(manifest.file.key, staged);
    await truncate(staged, 100);
    await target.putFile(manifest.file.key, staged);
    const { record } = await service.verify(manifest.id, 'system:test');
    expect(record.ok).toBe(false);
    expect(record.checks.find((c) => c.name === 'file_size')).toMatchObject({ ok: false });
  });
});
