import type { Kysely } from 'kysely';
import { inTenant } from '../db/tenant-scope.js';
import type { Database } from '../db/types.js';
import type { AuditEvent, AuditEventInput, AuditEventType } from './events.js';

export interface AuditFilter {
  tenantId: string;
  subjectId?: string;
  subjectIds?: string[];
  types?: AuditEventType[];
  afterSeq?: number;
  limit?: number;
}

export interface AuditLog {
  /**
   * Appends one event. Pass the caller's (tenant-scoped) transaction so the fact and the
   * change commit together; without one the event gets a transaction of its own.
   */
  append(event: AuditEventInput, trx?: Kysely<Database>): Promise<void>;
  list(filter: AuditFilter): Promise<AuditEvent[]>;
}

export function createAuditLog(db: Kysely<Database>): AuditLog {
  const insert = (q: Kysely<Database>, event: AuditEventInput) =>
    q
      .insertInto('audit_events')
      .values({
        tenant_id: event.tenantId,
        event_type: event.type,
        actor: event.actor,
        subject_type: event.subject?.type ?? null,
        subject_id: event.subject?.id ?? null,
        data: JSON.stringify(event.data ?? {}),
      })
      .execute();
  return {
    async append(event, trx) {
      if (trx) await insert(trx, event);
      else await inTenant(db, event.tenantId, (scoped) => insert(scoped, event));
    },
    list: (filter) => inTenant(db, filter.tenantId, (scoped) => listEvents(scoped, filter)),
  };
}

async function listEvents(db: Kysely<Database>, filter: AuditFilter): Promise<AuditEvent[]> {
  let query = db
    .selectFrom('audit_events')
    .selectAll()
    .where('tenant_id', '=', filter.tenantId)
    .orderBy('seq', 'asc')
    .limit(filter.limit ?? 1000);
  if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId);
  if (filter.subjectIds?.length) query = query.where('subject_id', 'in', filter.subjectIds);
  if (filter.types?.length) query = query.where('event_type', 'in', filter.types);
  if (filter.afterSeq !== undefined) query = query.where('seq', '>', String(filter.afterSeq));
  const rows = await query.execute();
  return rows.map((r) => ({
    tenantId: r.tenant_id,
    seq: Number(r.seq),
    occurredAt: r.occurred_at,
    type: r.event_type,
    actor: r.actor,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    data: r.data as Record<string, unknown>,
    prevHash: r.prev_hash,
    rowHash: r.row_hash,
  }));
}
