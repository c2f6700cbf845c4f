import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../src/audit/audit-log.js';
import { inTenant } from '../../../src/db/tenant-scope.js';
import { OPS_AUDIT_TENANT } from '../../../src/ops/reporter.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';
import { opsFor, recordingChat, seed, tempDir } from './ops-fixture.js';

const quick = { HEALTH_FAIL_AFTER: '2', HEALTH_RECOVER_AFTER: '2', HEALTH_QUEUE_LAG_SECONDS: '1' };

describe('health checks alert once per failure episode', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seed(t, ['T0HEALTH'], 3);
  });
  afterAll(async () => t.drop());

  it('backups and drills missing: one alert each on the second failing round, then quiet, then recovered', async () => {
    const chat = recordingChat();
    const o = await opsFor(t, { dir: tempDir('health'), chat, env: quick });
    try {
      const first = await o.ops.health.run();
      const failing = first.filter((r) => !r.ok).map((r) => r.name);
      expect(failing).toEqual(['backup_freshness', 'last_drill']);
      expect(first.find((r) => r.name === 'backup_freshness')!.detail).toBe('no backup has been taken yet');
      expect(chat.posts).toEqual([]);
      await o.ops.health.run();
      await o.ops.health.run();
      expect(chat.posts.map((p) => p.text)).toEqual(['🟠 backup_freshness is failing', '🟠 last_drill is failing']);

      await o.ops.backups.backupNow('system:test');
      await o.ops.drill('quick', 'system:test');
      const before = chat.posts.length;
      await o.ops.health.run();
      await o.ops.health.run();
      const after = chat.posts.slice(before).map((p) => p.text);
      expect(after).toEqual([
        expect.stringMatching(/^✅ backup_freshness recovered after /),
        expect.stringMatching(/^✅ last_drill recovered after /),
      ]);
      const audit = await inTenant(t.db, OPS_AUDIT_TENANT, (trx) =>
        createAuditLog(trx).list({ tenantId: OPS_AUDIT_TENANT, types: ['ops.health_alerted', 'ops.health_recovered'] }),
      );
      expect(audit.map((e) => [e.type, e.subjectId])).toEqual([
        ['ops.health_alerted', 'backup_freshness'],
        ['ops.health_alerted', 'last_drill'],
        ['ops.health_recovered', 'backup_freshness'],
        ['ops.health_recovered', 'last_drill'],
      ]);
      const snapshot = await o.ops.health.snapshot();
      expect(snapshot?.results.every((r) => r.ok)).toBe(true);
    } finally {
      await o.close();
    }
  });

  it('an unreachable dependency is a critical failure; a waiting job past the lag limit fails its queue', async () => {
    const chat = recordingChat();
    const o = await opsFor(t, {
      dir: tempDir('health2'),
      chat,
      env: quick,
      probes: {
        redis: async () => {},
        slack: async () => {
          throw new Error('the Socket Mode connection is not open');
        },
      },
    });
    try {
      await o.jobs.enqueue('alert.process', { tenantId: 'T0HEALTH', alertId: '00000000-0000-4000-8000-000000000001' });
      await new Promise((r) => setTimeout(r, 1500));
      const results = await o.ops.health.check();
      expect(results.find((r) => r.name === 'slack')).toMatchObject({ ok: false, critical: true });
      const lag = results.find((r) => r.name === 'queue_lag.alerts')!;
      expect(lag.ok).toBe(false);
      expect(lag.detail).toMatch(/^1 waiting, 0 active, oldest waiting \d+ s \(limit 1 s\)$/);
      expect(results.find((r) => r.name === 'queue_lag.executions')!.ok).toBe(true);
      await o.ops.health.run();
      await o.ops.health.run();
      expect(chat.posts.map((p) => p.text)).toContain('🔴 slack is failing');
    } finally {
      await o.jobs.queue('alerts').obliterate({ force: true });
      await o.close();
    }
  });

  it('the audit chain check notices events removed behind the application’s back', async () => {
    const o = await opsFor(t, { dir: tempDir('health3'), env: quick });
    try {
      const ok = await o.ops.health.check();
      expect(ok.find((r) => r.name === 'audit_chain')).toMatchObject({ ok: true });
      const owner = new pg.Client({ connectionString: t.ownerUrl });
      await owner.connect();
      await owner.query('set session_replication_role = replica');
      await owner.query("delete from audit_events where tenant_id = 'T0HEALTH' and seq = 3");
      await owner.end();
      const broken = (await o.ops.health.check()).find((r) => r.name === 'audit_chain')!;
      expect(broken.ok).toBe(false);
      expect(broken.detail).toContain('T0HEALTH: head #3 does not match its event');
    } finally {
      await o.close();
    }
  });
});
