import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../src/audit/audit-log.js';
import { inTenant } from '../../../src/db/tenant-scope.js';
import { fixedClock } from '../../../src/lib/clock.js';
import { KEYS } from '../../../src/ops/backup/catalog.js';
import { OPS_AUDIT_TENANT } from '../../../src/ops/reporter.js';
import { localDirectoryTarget } from '../../../src/ops/targets/local-directory.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';
import { backupServiceFor, recordingChat, seed, tempDir } from './ops-fixture.js';

const DAY = 86_400_000;

describe('retention: pruning is audited and never outruns verification', () => {
  let t: TestDatabase;
  const dir = tempDir('retention');
  const clock = fixedClock(new Date('2026-11-02T02:30:00Z'));
  const ids: string[] = [];
  beforeAll(async () => {
    t = await createTestDatabase();
    await seed(t, ['T0RETAIN'], 2);
    const service = backupServiceFor(t, localDirectoryTarget(dir), { clock });
    for (let i = 0; i < 3; i += 1) {
      ids.push((await service.backupNow('system:test')).id);
      clock.advance(DAY);
    }
  });
  afterAll(async () => t.drop());

  const keepOneDay = { daily: 1, weekly: 0, monthly: 0 };

  it('holds every backup while none is verified, however far outside retention', async () => {
    const service = backupServiceFor(t, localDirectoryTarget(dir), { clock, keep: keepOneDay });
    const plan = await service.prune({ dryRun: true, actor: 'system:test' });
    expect(plan.prune).toEqual([]);
    expect(plan.keep.map((k) => k.id)).toEqual([ids[2]]);
    expect(plan.held.map((h) => [h.id, h.reason])).toEqual([
      [ids[1], 'no newer verified backup exists yet'],
      [ids[0], 'no newer verified backup exists yet'],
    ]);
  });

  it('prunes only what is older than a verified backup; the dry run deletes nothing', async () => {
    const service = backupServiceFor(t, localDirectoryTarget(dir), { clock, keep: keepOneDay });
    await service.verify(ids[1]!, 'system:test');
    const dry = await service.prune({ dryRun: true, actor: 'system:test' });
    expect(dry.prune).toEqual([{ id: ids[0], reason: 'outside the retention windows' }]);
    expect(dry.held.map((h) => h.id)).toEqual([ids[1]]);
    expect(existsSync(path.join(dir, KEYS.dump(ids[0]!)))).toBe(true);

    const chat = recordingChat();
    const real = backupServiceFor(t, localDirectoryTarget(dir), { clock, keep: keepOneDay, chat });
    await real.prune({ dryRun: false, actor: 'U0SREMGR03' });
    expect(existsSync(path.join(dir, KEYS.dump(ids[0]!)))).toBe(false);
    expect(existsSync(path.join(dir, KEYS.manifest(ids[0]!)))).toBe(false);
    expect((await real.list()).map((b) => b.id)).toEqual([ids[2], ids[1]]);
    const pruned = await inTenant(t.db, OPS_AUDIT_TENANT, (trx) =>
      createAuditLog(trx).list({ tenantId: OPS_AUDIT_TENANT, types: ['ops.backup_pruned'] }),
    );
    expect(pruned.map((e) => [e.subjectId, e.actor, e.data.reason])).toEqual([
      [ids[0], 'U0SREMGR03', 'outside the retention windows'],
    ]);
    expect(chat.posts.at(-1)!.text).toContain('🧹 Retention: 1 backup(s) pruned');
  });
});
