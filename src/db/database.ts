import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { dependencyUnavailable } from '../lib/dependency-errors.js';
import type { Logger } from '../lib/logger.js';
import type { Database } from './types.js';

export type Db = Kysely<Database>;

export interface DbSettings {
  url: string;
  poolMax?: number;
  applicationName?: string;
  logger?: Logger;
}

export function createDb(settings: DbSettings): Db {
  const pool = new pg.Pool({
    connectionString: settings.url,
    max: settings.poolMax ?? 10,
    application_name: settings.applicationName ?? 'runbook-copilot',
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', (err) => settings.logger?.warn({ err }, 'postgres pool client error'));
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: settings.logger
      ? (event) => {
          if (event.level === 'error') settings.logger?.debug({ err: event.error }, 'query failed');
        }
      : undefined,
  });
}

/** One round trip; throws a DomainError naming the URL and how to start Postgres. */
export async function assertDbReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    throw dependencyUnavailable('PostgreSQL', url, err);
  } finally {
    await client.end().catch(() => undefined);
  }
}
