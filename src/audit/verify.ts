import { type Kysely, sql } from 'kysely';
import { inTenant } from '../db/tenant-scope.js';
import type { Database } from '../db/types.js';
import type { Anchor } from './anchors.js';

export interface ChainVerification {
  tenantId: string;
  events: number;
  headHash: string | null;
  ok: boolean;
  /** The first problem found, in words an auditor can follow. */
  problem: string | null;
  /** How many anchors written outside the database were compared. */
  anchorsChecked: number;
}

export interface VerifyOptions {
  /** Chain heads written outside the database: the chain must contain each exactly. */
  anchors?: Anchor[];
  /**
   * How far an event's time may run behind the one before it. Events get the time their
   * transaction started and are chained at commit, so a slow transaction lands a little
   * "earlier"; anything beyond this is a rewritten time.
   */
  maxBackwardsMs?: number;
}

const GENESIS = '0'.repeat(64);
const BATCH = 5_000;
const DEFAULT_BACKWARDS_MS = 5 * 60_000;

interface ChainRow {
  seq: string;
  prev_hash: string;
  row_hash: string;
  recomputed: string;
  occurred_at: Date;
}

/**
 * Recomputes every row hash of a tenant's chain with the same SQL function the insert
 * trigger uses; checks the links, the time order and the recorded head; then holds the
 * chain against the anchors written outside the database, so a consistent rewrite or a
 * cut tail by the database's owner is caught at the first anchor it contradicts.
 */
export function verifyAuditChain(
  db: Kysely<Database>,
  tenantId: string,
  options: VerifyOptions = {},
): Promise<ChainVerification> {
  return inTenant(db, tenantId, (trx) => verifyInScope(trx, tenantId, options));
}

async function verifyInScope(db: Kysely<Database>, tenantId: string, options: VerifyOptions) {
  const anchors = (options.anchors ?? []).filter((a) => a.tenantId === tenantId).sort((a, b) => a.seq - b.seq);
  const hashesAt = new Map<number, string>();
  const wanted = new Set(anchors.map((a) => a.seq));
  const walk = new ChainWalk(tenantId, options.maxBackwardsMs ?? DEFAULT_BACKWARDS_MS);
  for (;;) {
    const rows = await sql<ChainRow>`
      select seq, prev_hash, row_hash, occurred_at,
             audit_row_digest(prev_hash, tenant_id, seq, occurred_at, event_type, actor, subject_type, subject_id, data)
               as recomputed
      from audit_events where tenant_id = ${tenantId} and seq >= ${walk.nextSeq}
      order by seq limit ${BATCH}`.execute(db);
    for (const row of rows.rows) {
      const problem = walk.step(row);
      if (problem) return walk.result(problem, 0);
      if (wanted.has(Number(row.seq))) hashesAt.set(Number(row.seq), row.row_hash);
    }
    if (rows.rows.length < BATCH) break;
  }
  const headProblem = await checkHead(db, tenantId, walk);
  if (headProblem) return walk.result(headProblem, 0);
  return walk.result(contradictedAnchor(anchors, hashesAt, walk.count), anchors.length);
}

/** Walks the chain in order, remembering what the next link must be. */
class ChainWalk {
  count = 0;
  nextSeq = 1;
  private prev = GENESIS;
  private lastTime: Date | null = null;

  constructor(
    private readonly tenantId: string,
    private readonly maxBackwardsMs: number,
  ) {}

  step(row: ChainRow): string | null {
    const seq = Number(row.seq);
    if (seq !== this.nextSeq) return `event #${this.nextSeq} is missing (next found is #${seq})`;
    if (row.prev_hash !== this.prev) return `event #${seq} does not link to event #${seq - 1}`;
    if (row.recomputed !== row.row_hash) return `event #${seq} was altered: its hash does not match its content`;
    if (this.lastTime && row.occurred_at.getTime() < this.lastTime.getTime() - this.maxBackwardsMs) {
      return `event #${seq} is dated ${row.occurred_at.toISOString()}, before event #${seq - 1} (${this.lastTime.toISOString()}): its time was rewritten`;
    }
    if (row.occurred_at.getTime() > Date.now() + this.maxBackwardsMs) {
      return `event #${seq} is dated in the future (${row.occurred_at.toISOString()})`;
    }
    this.lastTime = row.occurred_at;
    this.prev = row.row_hash;
    this.nextSeq += 1;
    this.count += 1;
    return null;
  }

  get head(): string | null {
    return this.count ? this.prev : null;
  }

  result(problem: string | null, anchorsChecked: number): ChainVerification {
    return {
      tenantId: this.tenantId,
      events: this.count,
      headHash: this.head,
      ok: problem === null,
      problem,
      anchorsChecked,
    };
  }
}

async function checkHead(db: Kysely<Database>, tenantId: string, walk: ChainWalk): Promise<string | null> {
  const head = await db
    .selectFrom('audit_chain_heads')
    .select(['seq', 'head_hash'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (head && (Number(head.seq) !== walk.count || head.head_hash !== walk.head)) {
    return `the recorded head is event #${head.seq} but the chain ends at #${walk.count}: events were removed`;
  }
  return null;
}

/** The first anchor the chain contradicts, in words; null when it agrees with all of them. */
function contradictedAnchor(anchors: Anchor[], hashesAt: Map<number, string>, count: number): string | null {
  for (const anchor of anchors) {
    const where = `the anchor written ${anchor.at} (${anchor.source})`;
    if (anchor.seq > count) {
      return `${where} says the chain had ${anchor.seq} events; it now ends at #${count}: events were removed`;
    }
    if (hashesAt.get(anchor.seq) !== anchor.headHash) {
      return `event #${anchor.seq} differs from ${where}: the chain was rewritten`;
    }
  }
  return null;
}
