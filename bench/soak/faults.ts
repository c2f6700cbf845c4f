import { Redis } from 'ioredis';
import pg from 'pg';

/** The faults the soak injects, one at a time, and what each did. */
export type FaultKind =
  | 'worker_kill'
  | 'web_kill'
  | 'redis_pause'
  | 'redis_restart'
  | 'postgres_terminate'
  | 'slack_429'
  | 'slack_5xx';
export const FAULT_ROTATION: FaultKind[] = [
  'worker_kill',
  'slack_429',
  'redis_pause',
  'web_kill',
  'postgres_terminate',
  'slack_5xx',
  'redis_restart',
];

export interface FaultCounts {
  workerKills: number;
  webKills: number;
  redisPauses: number;
  redisRestarts: number;
  postgresTerminations: number;
  postgresConnectionsTerminated: number;
  slackFaultWindows: number;
}

export function emptyCounts(): FaultCounts {
  return {
    workerKills: 0,
    webKills: 0,
    redisPauses: 0,
    redisRestarts: 0,
    postgresTerminations: 0,
    postgresConnectionsTerminated: 0,
    slackFaultWindows: 0,
  };
}

/** CLIENT PAUSE on the soak's own Redis: every client's commands wait until it lifts. */
export async function pauseRedis(redisUrl: string, ms: number): Promise<void> {
  const r = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await r.connect();
    await r.call('CLIENT', 'PAUSE', String(ms), 'ALL');
  } finally {
    r.disconnect();
  }
}

/** pg_terminate_backend for every connection to the soak's database (never anyone else's). */
export async function terminatePostgres(adminUrl: string, database: string): Promise<number> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const r = await c.query<{ ok: boolean }>(
      'select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [database],
    );
    return r.rows.filter((x) => x.ok).length;
  } finally {
    await c.end();
  }
}

export async function setSlackFaults(sandboxUrl: string, spec: Record<string, unknown>): Promise<void> {
  await fetch(`${sandboxUrl}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ spec }),
  });
}

export async function slackFaultStats(
  sandboxUrl: string,
): Promise<{ rateLimited: number; serverErrors: number; lostResponses: number }> {
  const res = await fetch(`${sandboxUrl}/_sandbox/faults`);
  return ((await res.json()) as { stats: { rateLimited: number; serverErrors: number; lostResponses: number } }).stats;
}
