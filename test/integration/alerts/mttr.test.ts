import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mttrFor, mttrSince } from '../../../src/alerts/mttr-repo.js';
import { inTenant } from '../../../src/db/tenant-scope.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';

const T = 'T0MTTR';
const MIN = 60_000;

describe('MTTR per incident, service and runbook', () => {
  let t: TestDatabase;
  let versionId: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    versionId = await inTenant(t.db, T, async (trx) => {
      const rb = await trx
        .insertInto('runbooks')
        .values({ tenant_id: T, slug: 'disk-full' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const v = await trx
        .insertInto('runbook_versions')
        .values({
          tenant_id: T,
          runbook_id: rb.id,
          version: 1,
          title: 'Disk full',
          source_kind: 'file',
          source_format: 'markdown',
          source_text: '# Disk full',
          source_sha256: '0'.repeat(64),
          compiled: JSON.stringify({}),
          created_by: 'test',
          services: [],
          alerts: [],
          keywords: [],
          trust_level: 0,
          approvers: [],
          search_text: '',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return v.id;
    });
    const base = Date.now() - 3 * 3_600_000;
    const incident = (
      service: string,
      runbook: string | null,
      ack: number | null,
      mit: number | null,
      res: number | null,
    ) => ({
      tenant_id: T,
      source: 'pagerduty',
      title: `${service} incident`,
      service,
      runbook_version_id: runbook,
      match: JSON.stringify({ best: null, runnersUp: [] }),
      triggered_at: new Date(base),
      acknowledged_at: ack === null ? null : new Date(base + ack * MIN),
      mitigated_at: mit === null ? null : new Date(base + mit * MIN),
      resolved_at: res === null ? null : new Date(base + res * MIN),
      status: res === null ? ('triggered' as const) : ('resolved' as const),
    });
    await inTenant(t.db, T, (trx) =>
      trx
        .insertInto('incidents')
        .values([
          incident('postgres', versionId, 2, 10, 20),
          incident('postgres', versionId, 4, null, 40),
          incident('checkout', null, 1, 5, 6),
          incident('checkout', null, 1, null, null), // still open: not in MTTR
        ])
        .execute(),
    );
  });
  afterAll(async () => t.drop());

  it('averages the resolved incidents per service and per runbook; a mark nobody reached stays out of its mean', async () => {
    const since = new Date(Date.now() - 86_400_000);
    const byService = await inTenant(t.db, T, (trx) => mttrSince(trx, since, 'service'));
    expect(byService.find((r) => r.key === 'postgres')).toEqual({
      key: 'postgres',
      incidents: 2,
      acknowledgeMs: 3 * MIN,
      mitigateMs: 10 * MIN,
      resolveMs: 30 * MIN,
    });
    expect(byService.find((r) => r.key === 'checkout')).toMatchObject({ incidents: 1, resolveMs: 6 * MIN });
    const byRunbook = await inTenant(t.db, T, (trx) => mttrSince(trx, since, 'runbook'));
    expect(byRunbook.find((r) => r.key === 'Disk full')).toMatchObject({ incidents: 2, resolveMs: 30 * MIN });
    const all = await inTenant(t.db, T, (trx) => mttrSince(trx, since, 'all'));
    expect(all).toEqual([expect.objectContaining({ key: 'all', incidents: 3, resolveMs: (20 + 40 + 6) * (MIN / 3) })]);
    const one = await inTenant(t.db, T, (trx) =>
      mttrFor(trx, since, { service: 'postgres', runbookVersionId: versionId }),
    );
    expect([one.service?.incidents, one.runbook?.key]).toEqual([2, 'Disk full']);
  });

  it('sees nothing of another tenant', async () => {
    expect(await inTenant(t.db, 'T0OTHER', (trx) => mttrSince(trx, new Date(0), 'all'))).toEqual([]);
  });
});
