import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnchoring } from '../../../src/audit/anchor-service.js';
import { createAuditLog } from '../../../src/audit/audit-log.js';
import { verifyAuditChain } from '../../../src/audit/verify.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';

/**
 * The database's owner (a superuser, triggers off) rewrites the chain so that every hash
 * and the recorded head agree again, or cuts its newest events. The chain alone cannot
 * tell; the anchors written outside the database can.
 */
describe('audit anchors against a rewrite by the database owner', () => {
  let t: TestDatabase;
  let dir: string;
  const TENANT = 'T0ANCHOR';

  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(path.join(tmpdir(), 'rbc-anchors-'));
    const audit = createAuditLog(t.db);
    for (let i = 1; i <= 6; i++) {
      await audit.append({
        tenantId: TENANT,
        type: 'authz.refused',
        actor: `U0PERSON${i}`,
        data: { action: 'approve this step', reason: 'needs approver', resource: null },
      });
    }
    await t.owner.insertInto('workspaces').values({ tenant_id: TENANT }).execute();
  });
  afterAll(async () => {
    await t.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** As the owner, with triggers off: runs `statements`, then re-hashes the chain from `fromSeq` so it is consistent again. */
  async function rewrite(statements: string[], fromSeq: number): Promise<void> {
    const owner = new pg.Client({ connectionString: t.ownerUrl });
    await owner.connect();
    try {
      await owner.query('begin');
      await owner.query("set local session_replication_role = 'replica'");
      for (const s of statements) await owner.query(s);
      const rows = await owner.query<{ seq: string }>(
        `select seq from audit_events where tenant_id = $1 and seq >= $2 order by seq`,
        [TENANT, fromSeq],
      );
      for (const { seq } of rows.rows) {
        await owner.query(
          `update audit_events e set
             prev_hash = coalesce((select row_hash from audit_events p where p.tenant_id = e.tenant_id and p.seq = e.seq - 1), repeat('0', 64)),
             row_hash = audit_row_digest(coalesce((select row_hash from audit_events p where p.tenant_id = e.tenant_id and p.seq = e.seq - 1), repeat('0', 64)),
                                         e.tenant_id, e.seq, e.occurred_at, e.event_type, e.actor, e.subject_type, e.subject_id, e.data)
           where tenant_id = $1 and seq = $2`,
          [TENANT, seq],
        );
      }
      await owner.query(
        `update audit_chain_heads h set seq = m.seq, head_hash = m.row_hash
           from (select seq, row_hash from audit_events where tenant_id = $1 order by seq desc limit 1) m
          where h.tenant_id = $1`,
        [TENANT],
      );
      await owner.query('commit');
    } finally {
      await owner.end();
    }
  }

  it('writes each tenant’s head to the anchor file, and verify agrees with it', async () => {
    const anchoring = createAnchoring({ db: t.db, file: path.join(dir, 'anchors.jsonl') });
    const written = await anchoring.anchorAll();
    expect(written).toEqual([expect.objectContaining({ tenantId: TENANT, seq: 6 })]);
    const result = await verifyAuditChain(t.db, TENANT, { anchors: await anchoring.read() });
    expect(result).toMatchObject({ ok: true, events: 6, anchorsChecked: 1 });
  });

  it('catches a consistent rewrite that the chain alone cannot', async () => {
    await rewrite([`update audit_events set actor = 'U0SOMEONE' where tenant_id = '${TENANT}' and seq = 3`], 3);
    expect(await verifyAuditChain(t.db, TENANT)).toMatchObject({ ok: true });
    const anchors = await createAnchoring({ db: t.db, file: path.join(dir, 'anchors.jsonl') }).read();
    const result = await verifyAuditChain(t.db, TENANT, { anchors });
    expect(result.ok).toBe(false);
    expect(result.problem).toMatch(
      /^event #6 differs from the anchor written .* \(file .*anchors\.jsonl\): the chain was rewritten$/,
    );
  });

  it('catches a cut tail, naming the first anchor it contradicts', async () => {
    const file = path.join(dir, 'after-rewrite.jsonl');
    const anchoring = createAnchoring({ db: t.db, file });
    await anchoring.anchorAll(); // the rewritten chain, 6 events: a new anchor agrees with it
    await rewrite([`delete from audit_events where tenant_id = '${TENANT}' and seq > 4`], 5);
    expect(await verifyAuditChain(t.db, TENANT)).toMatchObject({ ok: true, events: 4 });
    const result = await verifyAuditChain(t.db, TENANT, { anchors: await anchoring.read() });
    expect(result.ok).toBe(false);
    expect(result.problem).toContain('says the chain had 6 events; it now ends at #4: events were removed');
  });

  it('catches a time rewritten backwards, even with every hash recomputed', async () => {
    await rewrite(
      [
        `update audit_events set occurred_at = occurred_at - interval '2 hours' where tenant_id = '${TENANT}' and seq = 4`,
      ],
      4,
    );
    const result = await verifyAuditChain(t.db, TENANT);
    expect(result.ok).toBe(false);
    expect(result.problem).toMatch(/^event #4 is dated .*, before event #3 .*: its time was rewritten$/);
  });
});
