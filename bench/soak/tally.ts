import { readdirSync } from 'node:fs';
import pg from 'pg';
import { INCIDENTS, type SandboxState } from './person.js';
import type { Delivery } from './traffic.js';

/**
 * The verdict, from what Postgres and the sandbox hold: an alert counts as announced when
 * #incidents shows a top-level message for it; a command counts as run twice when one
 * step has two started runs of it, or when the commands' own marker files outnumber the
 * runs Postgres recorded as started.
 */
export interface Tally {
  acknowledged: number;
  stored: number;
  announced: number;
  lost: number;
  duplicateAnnouncements: number;
  commandsRunTwice: number;
  detail: Record<string, number>;
  /** Where each lost alert stopped, from the alert inbox: for the person reading the soak's log. */
  lostAlerts: Array<{ title: string; status: string | null; error: string | null; incident: boolean }>;
}

export async function tally(
  ownerUrl: string,
  state: SandboxState,
  deliveries: Delivery[],
  markerDir: string,
): Promise<Tally> {
  const top = (state.messages[INCIDENTS] ?? []).filter((m) => !m.threadTs || m.threadTs === m.ts);
  const acked = deliveries.filter((d) => d.acked);
  let announced = 0;
  let duplicates = 0;
  const lost: Delivery[] = [];
  for (const d of acked) {
    const n = top.filter((m) => m.text.includes(d.title)).length;
    if (n > 0) announced += 1;
    else lost.push(d);
    duplicates += Math.max(0, n - 1);
  }
  const c = new pg.Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    const stored = await c.query<{ n: string }>('select count(*) as n from alert_inbox');
    const twice = await c.query<{ n: string }>(
      `select count(*) as n from (select step_id from step_runs where kind = 'command' and started_at is not null
         group by step_id having count(*) > 1) s`,
    );
    const realRuns = await c.query<{ n: string }>(
      `select count(*) as n from step_runs where command like 'mktemp %' and not dry_run and started_at is not null`,
    );
    const runs = await c.query<{ state: string; n: string }>(
      'select state, count(*) as n from executions group by state',
    );
    const markers = readdirSync(markerDir).length;
    const lostAlerts = [];
    for (const d of lost) {
      const r = await c.query<{ status: string; error: string | null; incident: boolean }>(
        `select a.status, a.error, exists (select 1 from incidents i where i.alert_id = a.id) as incident
           from alert_inbox a where a.payload->'facts'->>'title' = $1`,
        [d.title],
      );
      lostAlerts.push({
        title: d.title,
        status: r.rows[0]?.status ?? null,
        error: r.rows[0]?.error ?? null,
        incident: r.rows[0]?.incident ?? false,
      });
    }
    const extraExecutions = Math.max(0, markers - Number(realRuns.rows[0]?.n ?? 0));
    return {
      acknowledged: acked.length,
      stored: Number(stored.rows[0]?.n ?? 0),
      announced,
      lost: acked.length - announced,
      duplicateAnnouncements: duplicates,
      commandsRunTwice: Number(twice.rows[0]?.n ?? 0) + extraExecutions,
      lostAlerts,
      detail: {
        markerFiles: markers,
        realMarkerRuns: Number(realRuns.rows[0]?.n ?? 0),
        ...Object.fromEntries(runs.rows.map((r) => [`executions_${r.state}`, Number(r.n)])),
      },
    };
  } finally {
    await c.end();
  }
}
