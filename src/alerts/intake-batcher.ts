import type { Db } from '../db/database.js';
import { insertDeliveries, type NewDelivery } from './inbox-repo.js';

/** A delivery this batch stored (not a redelivery), with its new inbox id. */
export interface StoredDelivery {
  alertId: string;
  delivery: NewDelivery;
}

export interface IntakeBatcherOptions {
  db: Db;
  /**
   * Runs once per committed batch, before its callers are answered, with the deliveries it
   * stored (e.g. to enqueue their jobs in one round trip). It must not throw: the
   * deliveries are committed whatever it does.
   */
  afterCommit?: (tenantId: string, stored: StoredDelivery[]) => Promise<void>;
  /** Most deliveries in one statement (its own transaction). */
  maxRows?: number;
  /** Most bytes of body (about) in one statement; a larger delivery goes alone. */
  maxBytes?: number;
  /** Batches in flight at once; deliveries arriving meanwhile wait for the next batch. */
  maxInFlight?: number;
}

interface Waiting {
  delivery: NewDelivery;
  bytes: number;
  resolve(alertId: string | null): void;
  reject(err: unknown): void;
  /** Why this delivery was not stored, once known. */
  failed?: unknown;
}

/**
 * Group commit for the webhook inbox (docs/decisions/0102-intake-audit-in-batches.md):
 * deliveries that arrive while earlier ones are being written share one multi-row insert,
 * committed as one statement in one round trip, so the cost of a commit (and of a trip to
 * Postgres) is paid once per batch, not per delivery.
 * Each caller's promise settles only after its own row is committed (its id) or known to
 * be a redelivery (null); if its row could not be stored it rejects. When a batch fails,
 * its deliveries are retried one statement each, so one delivery Postgres refuses
 * cannot take the others down with it.
 */
export function createIntakeBatcher(options: IntakeBatcherOptions) {
  const maxRows = options.maxRows ?? 100;
  const maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
  const maxInFlight = options.maxInFlight ?? 2;
  let waiting: Waiting[] = [];
  let inFlight = 0;
  let scheduled = false;

  function schedule(): void {
    if (scheduled || inFlight >= maxInFlight || waiting.length === 0) return;
    scheduled = true;
    // After the current turn of the event loop: every request read in it joins this batch.
    setImmediate(() => {
      scheduled = false;
      const batch = takeBatch();
      inFlight += 1;
      void flush(batch)
        // Only if something unexpected threw: nobody may wait forever, nor be told "stored".
        .catch((err: unknown) => failAll(batch, err))
        .finally(() => {
          inFlight -= 1;
          schedule();
        });
      schedule();
    });
  }

  /** The oldest waiting delivery and those of its tenant behind it, within the limits. */
  function takeBatch(): Waiting[] {
    const tenantId = waiting[0]!.delivery.tenantId;
    const batch: Waiting[] = [];
    const rest: Waiting[] = [];
    let bytes = 0;
    for (const w of waiting) {
      const fits = batch.length === 0 || (batch.length < maxRows && bytes + w.bytes <= maxBytes);
      if (w.delivery.tenantId === tenantId && fits) {
        batch.push(w);
        bytes += w.bytes;
      } else rest.push(w);
    }
    waiting = rest;
    return batch;
  }

  async function flush(batch: Waiting[]): Promise<void> {
    const tenantId = batch[0]!.delivery.tenantId;
    const { firsts, copies } = splitRepeats(batch);
    let stored: Map<Waiting, string>;
    try {
      stored = await insertTogether(tenantId, firsts);
    } catch (err) {
      if (firsts.length === 1) return failAll(batch, err);
      stored = await insertOneByOne(tenantId, firsts);
    }
    const committed = [...stored].map(([w, alertId]) => ({ alertId, delivery: w.delivery }));
    if (committed.length > 0) await options.afterCommit?.(tenantId, committed);
    for (const w of firsts) if (!w.failed) w.resolve(stored.get(w) ?? null);
    for (const [copy, first] of copies) {
      // A copy of a delivery stored in this batch is a redelivery; if the first failed, so does it.
      if (first.failed) copy.reject(first.failed);
      else copy.resolve(null);
    }
  }

  async function insertTogether(tenantId: string, firsts: Waiting[]): Promise<Map<Waiting, string>> {
    const rows = await insertDeliveries(
      options.db,
      tenantId,
      firsts.map((w) => w.delivery),
    );
    const byKey = new Map(firsts.map((w) => [deliveryKey(w.delivery.facts), w]));
    return new Map(rows.map((r) => [byKey.get(`${r.source}\u0000${r.deliveryId}`)!, r.id]));
  }

  async function insertOneByOne(tenantId: string, firsts: Waiting[]): Promise<Map<Waiting, string>> {
    const stored = new Map<Waiting, string>();
    await Promise.all(
      firsts.map(async (w) => {
        try {
          const [row] = await insertDeliveries(options.db, tenantId, [w.delivery]);
          if (row) stored.set(w, row.id);
        } catch (err) {
          w.failed = err ?? new Error('delivery not stored');
          w.reject(w.failed);
        }
      }),
    );
    return stored;
  }

  return {
    /** Resolves with the new inbox id once committed, or null for a redelivery; rejects if not stored. */
    store(delivery: NewDelivery): Promise<string | null> {
      return new Promise((resolve, reject) => {
        waiting.push({ delivery, bytes: approximateBytes(delivery), resolve, reject });
        schedule();
      });
    },
  };
}

export type IntakeBatcher = ReturnType<typeof createIntakeBatcher>;

function failAll(batch: Waiting[], err: unknown): void {
  for (const w of batch) w.reject(err);
}

function deliveryKey(facts: NewDelivery['facts']): string {
  return `${facts.source}\u0000${facts.deliveryId}`;
}

/** The first delivery of each key is inserted; later copies in the same batch answer as redeliveries. */
function splitRepeats(batch: Waiting[]): { firsts: Waiting[]; copies: Array<[Waiting, Waiting]> } {
  const seen = new Map<string, Waiting>();
  const copies: Array<[Waiting, Waiting]> = [];
  for (const w of batch) {
    const key = deliveryKey(w.delivery.facts);
    const first = seen.get(key);
    if (first) copies.push([w, first]);
    else seen.set(key, w);
  }
  return { firsts: [...seen.values()], copies };
}

function approximateBytes(delivery: NewDelivery): number {
  return delivery.rawBody.length * 2 + (delivery.rawBytes?.length ?? 0) + 512;
}
