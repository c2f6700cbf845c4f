import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NewDelivery } from '../../../src/alerts/inbox-repo.js';
import { createIntakeBatcher, type StoredDelivery } from '../../../src/alerts/intake-batcher.js';
import { createDb } from '../../../src/db/database.js';
import { inTenant } from '../../../src/db/tenant-scope.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';

function delivery(tenantId: string, deliveryId: string, rawBody = '{}'): NewDelivery {
  return {
    tenantId,
    facts: {
      source: 'generic',
      deliveryId,
      eventType: 'trigger',
      actionable: true,
      externalId: deliveryId,
      lifecycle: 'triggered',
      title: `alert ${deliveryId}`,
      service: 'svc',
      urgency: null,
      url: null,
      occurredAt: null,
      keywords: [],
    },
    headers: {},
    rawBody,
    payload: {},
  };
}

describe('group commit of webhook deliveries (intake batcher)', () => {
  let t: TestDatabase;
  let committed: Array<{ tenantId: string; stored: StoredDelivery[] }>;
  const inbox = async () =>
    t.owner.selectFrom('alert_inbox').select(['id', 'tenant_id', 'delivery_id']).orderBy('delivery_id').execute();
  const makeBatcher = () =>
    createIntakeBatcher({
      db: t.db,
      afterCommit: async (tenantId, stored) => {
        committed.push({ tenantId, stored });
      },
    });

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());
  beforeEach(async () => {
    committed = [];
    await t.owner.deleteFrom('alert_inbox').execute();
  });

  it('stores deliveries arriving together in one transaction and tells each caller its own id', async () => {
    const batcher = makeBatcher();
    const ids = await Promise.all(Array.from({ length: 60 }, (_, n) => batcher.store(delivery('T0A', `d-${n}`))));
    const rows = await inbox();
    expect(rows).toHaveLength(60);
    const idOf = new Map(rows.map((r) => [r.delivery_id, r.id]));
    expect(ids).toEqual(Array.from({ length: 60 }, (_, n) => idOf.get(`d-${n}`)));
    expect(committed).toHaveLength(1);
    expect(committed[0]!.stored.map((s) => s.alertId).sort()).toEqual([...ids].sort());
  });

  it('answers one copy as stored and every other copy as a redelivery, in one batch or across batches', async () => {
    const batcher = makeBatcher();
    expect(await batcher.store(delivery('T0A', 'seen-before'))).toEqual(expect.any(String));
    const results = await Promise.all([
      batcher.store(delivery('T0A', 'twice')),
      batcher.store(delivery('T0A', 'fresh')),
      batcher.store(delivery('T0A', 'twice')),
      batcher.store(delivery('T0A', 'seen-before')),
    ]);
    const rows = await inbox();
    expect(rows.map((r) => r.delivery_id)).toEqual(['fresh', 'seen-before', 'twice']);
    const idOf = new Map(rows.map((r) => [r.delivery_id, r.id]));
    expect(results).toEqual([idOf.get('twice'), idOf.get('fresh'), null, null]);
    expect(
      committed
        .at(-1)!
        .stored.map((s) => s.delivery.facts.deliveryId)
        .sort(),
    ).toEqual(['fresh', 'twice']);

    // Two transactions in flight at once with the same delivery: Postgres keeps one.
    const racing = createIntakeBatcher({ db: t.db, maxRows: 1 });
    const raced = await Promise.all([racing.store(delivery('T0A', 'race')), racing.store(delivery('T0A', 'race'))]);
    expect(raced.filter((r) => r !== null)).toHaveLength(1);
    expect((await inbox()).filter((r) => r.delivery_id === 'race')).toHaveLength(1);
  });

  it('keeps each tenant in its own row-level-security scope', async () => {
    const batcher = makeBatcher();
    await Promise.all([
      batcher.store(delivery('T0A', 'a-1')),
      batcher.store(delivery('T0B', 'b-1')),
      batcher.store(delivery('T0A', 'a-2')),
    ]);
    expect((await inbox()).map((r) => [r.delivery_id, r.tenant_id])).toEqual([
      ['a-1', 'T0A'],
      ['a-2', 'T0A'],
      ['b-1', 'T0B'],
    ]);
    // One transaction per tenant (they may commit in either order).
    expect(committed.map((c) => [c.tenantId, c.stored.length]).sort()).toEqual([
      ['T0A', 2],
      ['T0B', 1],
    ]);
  });

  it('leaves no tenant scope behind on the pooled connection it used', async () => {
    const oneConnection = createDb({ url: t.appUrl, poolMax: 1 });
    try {
      const batcher = createIntakeBatcher({ db: oneConnection });
      await Promise.all([batcher.store(delivery('T0A', 's-1')), batcher.store(delivery('T0A', 's-2'))]);
      expect(await inbox()).toHaveLength(2);
      // Same connection, no scope: row-level security shows nothing.
      expect(await oneConnection.selectFrom('alert_inbox').select('id').execute()).toEqual([]);
      expect(
        await inTenant(oneConnection, 'T0A', (trx) => trx.selectFrom('alert_inbox').select('id').execute()),
      ).toHaveLength(2);
    } finally {
      await oneConnection.destroy();
    }
  });

  it('refuses only the delivery Postgres cannot store, and stores the others of its batch', async () => {
    const batcher = makeBatcher();
    const outcomes = await Promise.allSettled([
      batcher.store(delivery('T0A', 'ok-1')),
      // A NUL cannot be stored in a text column: this row fails the batch's insert.
      batcher.store(delivery('T0A', 'bad', 'nul \u0000 here')),
      batcher.store(delivery('T0A', 'bad', 'nul \u0000 here')),
      batcher.store(delivery('T0A', 'ok-2')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((await inbox()).map((r) => r.delivery_id)).toEqual(['ok-1', 'ok-2']);
    expect(committed.flatMap((c) => c.stored.map((s) => s.delivery.facts.deliveryId)).sort()).toEqual(['ok-1', 'ok-2']);
  });

  it('fails every caller of a batch that cannot be committed, and acknowledges none', async () => {
    const unreachable = createDb({ url: 'postgres://postgres@127.0.0.1:1/nowhere', poolMax: 2 });
    try {
      const batcher = createIntakeBatcher({
        db: unreachable,
        afterCommit: async (tenantId, stored) => {
          committed.push({ tenantId, stored });
        },
      });
      const outcomes = await Promise.allSettled([
        batcher.store(delivery('T0A', 'x-1')),
        batcher.store(delivery('T0A', 'x-2')),
        batcher.store(delivery('T0A', 'x-2')),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(committed).toEqual([]);
      // The batcher is still usable afterwards: nothing stays stuck in flight.
      await expect(batcher.store(delivery('T0A', 'x-3'))).rejects.toThrow();
    } finally {
      await unreachable.destroy();
    }
  });
});
