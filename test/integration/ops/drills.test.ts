import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../src/audit/audit-log.js';
import { inTenant } from '../../../src/db/tenant-scope.js';
import { listDrills } from '../../../src/ops/backup/catalog.js';
import { OPS_AUDIT_TENANT } from '../../../src/ops/reporter.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';
import { KEY_A, opsFor, recordingChat, seed, tempDir } from './ops-fixture.js';

describe('restore drills', () => {
  let t: TestDatabase;
  const dir = tempDir('drills');
  beforeAll(async () => {
    t = await createTestDatabase();
    await seed(t, ['T0DRILLONE'], 3);
  });
  afterAll(async () => t.drop());

  it('a quick drill with no backup fails and says why', async () => {
    const chat = recordingChat();
    const o = await opsFor(t, { dir, chat });
    try {
      const drill = await o.ops.drill('quick', 'system:test');
      expect(drill.ok).toBe(false);
      expect(drill.checks).toEqual([expect.objectContaining({ name: 'backup_available', ok: false })]);
      expect(chat.posts.at(-1)!.text).toBe('🚨 Quick restore drill FAILED');
    } finally {
      await o.close();
    }
  });

  it('a quick drill restores the newest backup and records RTO and RPO, with the trend in the channel', async () => {
    const chat = recordingChat();
    const o = await opsFor(t, { dir, chat });
    try {
      const backup = await o.ops.backups.backupNow('system:test');
      const first = await o.ops.drill('quick', 'system:test');
      expect(first).toMatchObject({ ok: true, kind: 'quick', backupId: backup.id });
      expect(first.rtoMs).toBeGreaterThan(0);
      expect(first.rpoMs).toBeGreaterThanOrEqual(0);
      const second = await o.ops.drill('quick', 'system:test');
      expect(second.trend.map((d) => d.id)).toEqual([first.id, expect.any(String)]);
      const drillPost = chat.posts.at(-1)!;
      expect(drillPost.text).toMatch(/^🧯 Quick restore drill passed: RTO .*, RPO /);
      expect(JSON.stringify(drillPost.blocks)).toContain('Trend: RTO');
      expect((await listDrills(o.ops.target, [KEY_A])).map((d) => d.ok)).toEqual([true, true, false]);
      const audit = await inTenant(t.db, OPS_AUDIT_TENANT, (trx) =>
        createAuditLog(trx).list({ tenantId: OPS_AUDIT_TENANT, types: ['ops.drill_passed', 'ops.drill_failed'] }),
      );
      expect(audit.map((e) => e.type)).toEqual(['ops.drill_failed', 'ops.drill_passed', 'ops.drill_passed']);
    } finally {
      await o.close();
    }
  });

  it('a full drill starts the product on the restored copy in dry-run and sees a synthetic alert announced', async () => {
    const chat = recordingChat();
    const o = await opsFor(t, { dir, chat, rehearsal: true });
    try {
      await o.ops.backups.backupNow('system:test');
      const drill = await o.ops.drill('full', 'system:test');
      const byName = Object.fromEntries(drill.checks.map((c) => [c.name, c]));
      expect(byName.product_started?.ok).toBe(true);
      expect(byName.alert_accepted).toMatchObject({ ok: true, detail: 'HTTP 202' });
      expect(byName.alert_announced?.ok).toBe(true);
      expect(byName.alert_announced?.detail).toContain('Runbook matched');
      expect(byName.scratch_dropped?.ok).toBe(true);
      expect(drill.ok).toBe(true);
      expect(Object.keys(drill.phases)).toEqual(['restore', 'migrate', 'start', 'announce']);
      expect(drill.rtoMs).toBeGreaterThanOrEqual(Object.values(drill.phases).reduce((a, b) => a + b, 0) - 50);
      expect(chat.posts.at(-1)!.text).toMatch(/^🧯 Full DR drill passed: RTO/);
      // The live database never saw the drill's synthetic alert.
      const live = await inTenant(t.db, 'T0DRILL', (trx) =>
        trx.selectFrom('alert_inbox').select('id').where('tenant_id', '=', 'T0DRILL').execute(),
      );
      expect(live).toEqual([]);
    } finally {
      await o.close();
    }
  });
});
