import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntakeSealer } from '../../../src/alerts/intake-audit.js';
import { createAlertIntake } from '../../../src/alerts/intake-service.js';
import type { AlertFacts } from '../../../src/alerts/types.js';
import { createAuditLog } from '../../../src/audit/audit-log.js';
import { verifyAuditChain } from '../../../src/audit/verify.js';
import type { JobPort } from '../../../src/lib/job-port.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';

const T = 'T0SEAL';

function facts(n: number, actionable: boolean): AlertFacts {
  return {
    source: 'generic',
    deliveryId: `d-${n}`,
    eventType: actionable ? 'trigger' : 'note',
    actionable,
    externalId: `g-${n}`,
    lifecycle: actionable ? 'triggered' : null,
    title: `alert ${n}`,
    service: 'svc',
    urgency: null,
    url: null,
    occurredAt: null,
    keywords: [],
  };
}

describe('deliveries sealed into the audit chain in batches, after they are stored', () => {
  let t: TestDatabase;
  const enqueued: string[] = [];
  const jobs: JobPort = {
    enqueue: async (name, _payload, options) => {
      enqueued.push(`${name}:${options?.jobId ?? ''}`);
    },
  };
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it('chains every stored delivery once, in the order received, gap-free and verifiable', async () => {
    const intake = createAlertIntake({ db: t.db, jobs, logger: silentLogger() });
    const delivery = (n: number) => ({
      tenantId: T,
      facts: facts(n, n % 5 !== 0),
      headers: {},
      rawBody: '{}',
      payload: {},
    });
    await Promise.all(Array.from({ length: 40 }, (_, n) => intake.receive(delivery(n))));
    // One sealing job per 250 ms window, not one per delivery; one processing job per actionable one.
    const seals = enqueued.filter((j) => j.startsWith('alerts.seal:'));
    expect(seals.length).toBeGreaterThanOrEqual(1);
    expect(new Set(seals).size).toBe(seals.length);
    expect(enqueued.filter((j) => j.startsWith('alert.process:'))).toHaveLength(32);
    expect(await createAuditLog(t.db).list({ tenantId: T })).toEqual([]);

    const sealer = createIntakeSealer({ db: t.db, audit: createAuditLog(t.db) });
    // Two sealers at once (two workers): each delivery is sealed exactly once.
    const [a, b] = await Promise.all([sealer.seal(T), sealer.seal(T)]);
    expect(a + b).toBe(40);
    expect(await sealer.seal(T)).toBe(0);

    const events = await createAuditLog(t.db).list({ tenantId: T, limit: 100 });
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(new Set(events.map((e) => e.subjectId)).size).toBe(40);
    expect(events.filter((e) => e.type === 'alert.ignored')).toHaveLength(8);
    const inbox = await t.owner.selectFrom('alert_inbox').select(['id', 'received_at', 'audited']).execute();
    expect(inbox.every((r) => r.audited)).toBe(true);
    // The order received (Postgres's microseconds; the id breaks a tie).
    const order = (
      await t.owner.selectFrom('alert_inbox').select('id').orderBy('received_at').orderBy('id').execute()
    ).map((r) => r.id);
    expect(events.map((e) => e.subjectId)).toEqual(order);
    expect((await verifyAuditChain(t.db, T)).ok).toBe(true);
  });
});
