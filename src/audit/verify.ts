import { type Kysely, sql } from 'kysely';
import { inTenant } from '../db/tenant-scope.js';
import type { Database } from '../db/types.js';

export interface ChainVerification {
  tenantId: string;
  events: number;
  headHash: string | null;
  ok: boolean;
  /** The first problem found, in words an auditor can follow. */
  problem: string | null;
}

const GENESIS = '0'.repeat(64);
const BATCH = 5_000;

/**
 * Recomputes every row hash of a tenant's chain with the same SQL function the insert
 * trigger uses, and checks the links and the recorded head.
 */
export function verifyAuditChain(db: Kysely<Database>, tenantId: string): Promise<ChainVerification> {
  return inTenant(db, tenantId, (trx) => verifyInScope(trx, tenantId));
}

async function verifyInScope(db: Kysely<Database>, tenantId: string): Promise<ChainVerification> {
  let expectedPrev = GENESIS;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const rows = await sql<{ seq: string; prev_hash: string; row_hash: string; recomputed: string }>`
      select seq, prev_hash, row_hash,
             audit_row_digest(prev_hash, tenant_id, seq, occurred_at, event_type, actor, subject_type, subject_id, data)
               as recomputed
      from audit_events where tenant_id = ${tenantId} and seq >= ${expectedSeq}
      order by seq limit ${BATCH}`.execute(db);
    for (const row of rows.rows) {
      const seq = Number(row.seq);
      const fail = (problem: string): ChainVerification => ({
        tenantId,
        events: count,
        headHash: expectedPrev === GENESIS ? null : expectedPrev,
        ok: false,
        problem,
      });
      if (seq !== expectedSeq) return fail(`event #${expectedSeq} is missing (next found is #${seq})`);
      if (row.prev_hash !== expectedPrev) return fail(`event #${seq} does not link to event #${seq - 1}`);
      if (row.recomputed !== row.row_hash)
        return fail(`event #${seq} was altered: its hash does not match its content`);
      expectedPrev = row.row_hash;
      expectedSeq += 1;
      count += 1;
    }
    if (rows.rows.length < BATCH) break;
  }
  const head = await db
    .selectFrom('audit_chain_heads')
    .select(['seq', 'head_hash'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (head && (Number(head.seq) !== count || head.head_hash !== (count ? expectedPrev : null))) {
    return {
      tenantId,
      events: count,
      headHash: count ? expectedPrev : null,
      ok: false,
      problem: `the recorded head is event #${head.seq} but the chain ends at #${count}: events were removed`,
    };
  }
  return { tenantId, events: count, headHash: count ? expectedPrev : null, ok: true, problem: null };
}
