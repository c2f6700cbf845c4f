import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../src/audit/audit-log.js';
import type { AuditEventInput } from '../../../src/audit/events.js';
import { verifyAuditChain } from '../../../src/audit/verify.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';

describe('audit_events: append-only and hash-chained', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  async function asApp<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: t.appUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }

  it('chains each appended event to the one before it', async () => {
    const audit = createAuditLog(t.db);
    await audit.append({
      tenantId: 'T1',
      type: 'alert.received',
      actor: 'system:webhooks',
      data: { n: 1 },
    } as unknown as AuditEventInput);
    await audit.append({
      tenantId: 'T1',
      type: 'alert.matched',
      actor: 'system:worker',
      data: { n: 2 },
    } as unknown as AuditEventInput);
    await audit.append({
      tenantId: 'T2',
      type: 'alert.received',
      actor: 'system:webhooks',
    } as unknown as AuditEventInput);
    const events = await audit.list({ tenantId: 'T1' });
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'alert.received'],
      [2, 'alert.matched'],
    ]);
    expect(events[0]!.prevHash).toBe('0'.repeat(64));
    expect(events[1]!.prevHash).toBe(events[0]!.rowHash);
    expect(await verifyAuditChain(t.db, 'T1')).toMatchObject({ ok: true, events: 2 });
    expect(await verifyAuditChain(t.db, 'T2')).toMatchObject({ ok: true, events: 1 });
  });

  it('keeps the chain unforked under concurrent appends', async () => {
    const audit = createAuditLog(t.db);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        audit.append({
          tenantId: 'T3',
          type: 'command.classified',
          actor: 'system:test',
          data: { i },
        } as unknown as AuditEventInput),
      ),
    );
    const result = await verifyAuditChain(t.db, 'T3');
    expect(result).toMatchObject({ ok: true, events: 40 });
  });

  it.each([
    ['UPDATE', "update audit_events set actor = 'U_EVIL' where tenant_id = 'T1'"],
    ['DELETE', "delete from audit_events where tenant_id = 'T1'"],
    ['TRUNCATE', 'truncate audit_events'],
  ])('refuses %s by the application role', async (_op, statement) => {
    await expect(asApp((c) => c.query(statement))).rejects.toThrow(/permission denied/);
    expect(await verifyAuditChain(t.db, 'T1')).toMatchObject({ ok: true, events: 2 });
  });

  it('refuses writes to a partition and to the chain head by the application role', async () => {
    const part = await asApp((c) =>
      c.query<{ relname: string }>(
        "select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent where p.relname = 'audit_events' limit 1",
      ),
    );
    const partition = part.rows[0]!.relname;
    await expect(asApp((c) => c.query(`delete from ${partition}`))).rejects.toThrow(/permission denied/);
    await expect(asApp((c) => c.query('update audit_chain_heads set seq = 0'))).rejects.toThrow(/permission denied/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE even by the owner (triggers)', async () => {
    const owner = new pg.Client({ connectionString: t.ownerUrl });
    await owner.connect();
    try {
      await expect(owner.query("update audit_events set actor = 'x'")).rejects.toThrow(/append-only/);
      await expect(owner.query('delete from audit_events')).rejects.toThrow(/append-only/);
      await expect(owner.query('truncate audit_events')).rejects.toThrow(/append-only/);
      const part = await owner.query<{ relname: string }>(
        "select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent where p.relname = 'audit_events' limit 1",
      );
      await expect(owner.query(`truncate ${part.rows[0]!.relname}`)).rejects.toThrow(/append-only/);
    } finally {
      await owner.end();
    }
  });

  it('detects a row altered behind the triggers (tamper evidence)', async () => {
    const owner = new pg.Client({ connectionString: t.ownerUrl });
    await owner.connect();
    try {
      await owner.query('begin');
      await owner.query("set local session_replication_role = 'replica'");
      await owner.query("update audit_events set data = '{\"n\": 99}' where tenant_id = 'T1' and seq = 1");
      await owner.query('commit');
    } finally {
      await owner.end();
    }
    const result = await verifyAuditChain(t.db, 'T1');
    expect(result.ok).toBe(false);
    expect(result.problem).toBe('event #1 was altered: its hash does not match its content');
  });

  it('lets the application role create partitions ahead only through the definer function', async () => {
    const created = await sql<{ n: number }>`select audit_ensure_partitions(14) as n`.execute(t.db);
    expect(created.rows[0]!.n).toBe(2);
    await expect(
      asApp((c) =>
        c.query(
          "create table audit_events_2099_01 partition of audit_events for values from ('2099-01-01') to ('2099-02-01')",
        ),
      ),
    ).rejects.toThrow(/permission denied|must be owner/);
  });
});
