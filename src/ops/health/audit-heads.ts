import pg from 'pg';
import type { OpsStore } from '../ports.js';
import type { HealthResult } from './checks.js';

const SEEN_KEY = 'audit_heads_seen';

/**
 * Cheap, frequent audit chain check (the full recomputation runs on every restore check):
 * each tenant's recorded head must be its newest event's hash, and a head seen earlier
 * must still be there with the same hash: a chain that shrank or whose past changed
 * means rows were removed or rewritten. Reads every tenant, so it uses the owner.
 */
export async function checkAuditHeads(ownerUrl: string, store: OpsStore): Promise<HealthResult> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'runbook-copilot-health' });
  await client.connect();
  try {
    const { rows } = await client.query<{
      tenant_id: string;
      seq: string;
      head_hash: string;
      last_hash: string | null;
    }>(
      `select h.tenant_id, h.seq, h.head_hash,
              (select e.row_hash from audit_events e where e.tenant_id = h.tenant_id and e.seq = h.seq) as last_hash
         from audit_chain_heads h order by h.tenant_id`,
    );
    const seen = JSON.parse((await store.get(SEEN_KEY)) ?? '{}') as Record<string, { seq: number; hash: string }>;
    const problems: string[] = [];
    for (const r of rows) {
      if (r.last_hash !== r.head_hash) problems.push(`${r.tenant_id}: head #${r.seq} does not match its event`);
      const before = seen[r.tenant_id];
      if (before && before.seq > Number(r.seq))
        problems.push(`${r.tenant_id}: chain went back from #${before.seq} to #${r.seq}`);
      else if (before) {
        const past = await client.query<{ row_hash: string }>(
          'select row_hash from audit_events where tenant_id = $1 and seq = $2',
          [r.tenant_id, before.seq],
        );
        if (past.rows[0]?.row_hash !== before.hash)
          problems.push(`${r.tenant_id}: event #${before.seq} changed since last seen`);
      }
    }
    for (const tenant of Object.keys(seen)) {
      if (!rows.some((r) => r.tenant_id === tenant)) problems.push(`${tenant}: its chain disappeared`);
    }
    if (problems.length === 0) {
      const next = Object.fromEntries(rows.map((r) => [r.tenant_id, { seq: Number(r.seq), hash: r.head_hash }]));
      await store.set(SEEN_KEY, JSON.stringify(next));
    }
    const events = rows.reduce((n, r) => n + Number(r.seq), 0);
    return {
      name: 'audit_chain',
      ok: problems.length === 0,
      critical: false,
      detail: problems.length ? problems.join('; ') : `${rows.length} chain(s), ${events} events, heads consistent`,
      value: events,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}
