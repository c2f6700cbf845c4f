import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Scratch databases for restore checks: created empty next to the product's database
 * (same server, same owner), always dropped afterwards. Names carry their creation time
 * so a sweep can drop what a crashed check left behind.
 */
const PREFIX = 'rbc_scratch_';
const STALE_AFTER_S = 6 * 3600;

export interface ScratchDatabase {
  name: string;
  /** The owner's URL pointed at the scratch database. */
  url: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(ownerUrl: string, purpose: string): Promise<ScratchDatabase> {
  const name = `${PREFIX}${Math.floor(Date.now() / 1000)}_${purpose}_${randomBytes(3).toString('hex')}`;
  await withMaintenance(ownerUrl, async (c) => {
    await sweepStale(c);
    await c.query(`create database ${pg.escapeIdentifier(name)}`);
  });
  return {
    name,
    url: urlFor(ownerUrl, name),
    async drop() {
      await withMaintenance(ownerUrl, (c) =>
        c.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`),
      );
    },
  };
}

export function urlFor(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export async function scratchExists(ownerUrl: string, name: string): Promise<boolean> {
  return withMaintenance(ownerUrl, async (c) => {
    const r = await c.query('select 1 from pg_database where datname = $1', [name]);
    return (r.rowCount ?? 0) > 0;
  });
}

async function sweepStale(c: pg.Client): Promise<void> {
  const { rows } = await c.query<{ datname: string }>(
    `select datname from pg_database where datname like 'rbc\\_scratch\\_%'`,
  );
  const cutoff = Date.now() / 1000 - STALE_AFTER_S;
  for (const { datname } of rows) {
    const created = Number(datname.slice(PREFIX.length).split('_')[0]);
    if (Number.isFinite(created) && created < cutoff) {
      await c.query(`drop database if exists ${pg.escapeIdentifier(datname)} with (force)`).catch(() => undefined);
    }
  }
}

async function withMaintenance<T>(ownerUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: urlFor(ownerUrl, 'postgres'),
    application_name: 'runbook-copilot-ops',
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
