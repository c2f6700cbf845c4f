import { type Kysely, type RawBuilder, sql } from 'kysely';
import { inTenant, selfScopedTenantId } from '../db/tenant-scope.js';
import type { AlertStatus, Database } from '../db/types.js';
import type { AlertFacts, StoredAlert } from './types.js';

export interface NewDelivery {
  tenantId: string;
  facts: AlertFacts;
  headers: Record<string, string>;
  /** The body as text Postgres can hold. */
  rawBody: string;
  /** The body exactly as received. */
  rawBytes?: Buffer;
  /** What had to be replaced to store it (NUL, unpaired surrogates), if anything. */
  storageNotes?: string[];
  payload: unknown;
}

/** The inbox row of a delivery, as stored (audit event still to be sealed). */
function inboxRow(delivery: NewDelivery, tenantId: string | RawBuilder<string>) {
  return {
    tenant_id: tenantId,
    source: delivery.facts.source,
    delivery_id: delivery.facts.deliveryId,
    event_type: delivery.facts.eventType,
    headers: JSON.stringify(delivery.headers),
    raw_body: delivery.rawBody,
    raw_bytes: delivery.rawBytes ?? null,
    storage_notes: delivery.storageNotes ?? [],
    payload: JSON.stringify({ facts: delivery.facts, body: delivery.payload }),
    status: delivery.facts.actionable ? ('received' as const) : ('ignored' as const),
    // The time this row was written, not the transaction's start: rows stored together keep
    // the order they were given in.
    received_at: sql<Date>`clock_timestamp()`,
    // Its audit event is written by the intake sealer, in a batch, right after commit.
    audited: false,
  };
}

export interface InsertedDelivery {
  id: string;
  source: string;
  deliveryId: string;
}

/**
 * Stores deliveries of one tenant in one statement, committed when it returns, in the order
 * given, skipping any whose delivery id is already stored (or repeated earlier in the list).
 * Returns the rows inserted. One round trip: the statement scopes itself to the tenant
 * (`selfScopedTenantId`); inside a transaction it runs in that transaction's `inTenant` scope.
 */
export async function insertDeliveries(
  db: Kysely<Database>,
  tenantId: string,
  deliveries: readonly NewDelivery[],
): Promise<InsertedDelivery[]> {
  if (deliveries.some((d) => d.tenantId !== tenantId)) throw new Error('insertDeliveries: one tenant per statement');
  if (deliveries.length === 0) return [];
  if (db.isTransaction) {
    return inTenant(db, tenantId, (trx) =>
      insertRows(
        trx,
        deliveries.map((d) => inboxRow(d, tenantId)),
      ),
    );
  }
  const scoped = selfScopedTenantId(db, tenantId);
  return insertRows(
    db,
    deliveries.map((d) => inboxRow(d, scoped)),
  );
}

async function insertRows(db: Kysely<Database>, rows: Array<ReturnType<typeof inboxRow>>) {
  const inserted = await db
    .insertInto('alert_inbox')
    .values(rows)
    .onConflict((oc) => oc.columns(['tenant_id', 'source', 'delivery_id']).doNothing())
    .returning(['id', 'source', 'delivery_id'])
    .execute();
  return inserted.map((r) => ({ id: r.id, source: r.source, deliveryId: r.delivery_id }));
}

export async function findAlert(db: Kysely<Database>, alertId: string): Promise<StoredAlert | null> {
  const row = await db
    .selectFrom('alert_inbox')
    .select(['id', 'tenant_id', 'status', 'payload', 'received_at'])
    .where('id', '=', alertId)
    .executeTakeFirst();
  if (!row) return null;
  const payload = row.payload as { facts: AlertFacts };
  return {
    id: row.id,
    tenantId: row.tenant_id,
    status: row.status,
    facts: payload.facts,
    receivedAt: new Date(row.received_at),
  };
}

/** Moves an alert out of `received` once; false when another worker already did. */
export async function settleAlert(
  db: Kysely<Database>,
  alertId: string,
  status: Exclude<AlertStatus, 'received'>,
  error: string | null = null,
): Promise<boolean> {
  const result = await db
    .updateTable('alert_inbox')
    .set({ status, processed_at: new Date(), error })
    .where('id', '=', alertId)
    .where('status', '=', 'received')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deliveries of every tenant stuck in `received` (a system function: the only cross-tenant read). */
export async function findUnprocessed(
  db: Kysely<Database>,
  olderThan: Date,
  limit = 100,
): Promise<Array<{ tenantId: string; alertId: string }>> {
  const rows = await sql<{ tenant_id: string; id: string }>`
    select tenant_id, id from rbc_system_stuck_alerts(${olderThan}, ${limit})`.execute(db);
  return rows.rows.map((r) => ({ tenantId: r.tenant_id, alertId: r.id }));
}
