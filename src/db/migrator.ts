import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { MIGRATIONS } from '../../migrations/index.js';
import { dependencyUnavailable, redactUrl } from '../lib/dependency-errors.js';
import { DomainError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

/** The NOLOGIN role the migrations grant to; the app's login role is made a member. */
export const APP_GROUP_ROLE = 'runbook_app';

export interface MigrateResult {
  applied: string[];
  appRole: string;
  appRoleIsOwner: boolean;
}

/**
 * Creates the database if missing, runs pending migrations as the owner, and makes the
 * application's login role (the user in DATABASE_URL) a member of runbook_app.
 */
export async function migrateToLatest(options: {
  migrationUrl: string;
  appUrl: string;
  logger?: Logger;
}): Promise<MigrateResult> {
  await ensureDatabaseExists(options.migrationUrl);
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: options.migrationUrl, max: 1 }) }),
  });
  try {
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => MIGRATIONS },
    });
    const { error, results } = await migrator.migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    if (error) {
      throw new DomainError(
        'internal',
        `Migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? String(error)}`,
        {},
        { cause: error },
      );
    }
    const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    for (const name of applied) options.logger?.info({ migration: name }, 'migration applied');
    const role = await ensureAppLoginRole(options.migrationUrl, options.appUrl);
    return { applied, ...role };
  } finally {
    await db.destroy();
  }
}

async function ensureDatabaseExists(migrationUrl: string): Promise<void> {
  const url = new URL(migrationUrl);
  const dbName = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const maintenance = new URL(migrationUrl);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (err) {
    throw dependencyUnavailable('PostgreSQL', migrationUrl, err);
  }
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [dbName]);
    if (found.rowCount === 0) {
      await client.query(`create database ${pg.escapeIdentifier(dbName)}`);
    }
  } catch (err) {
    // Two processes starting together may race to create it; the loser sees 42P04.
    if ((err as { code?: string }).code !== '42P04') throw err;
  } finally {
    await client.end();
  }
}

async function ensureAppLoginRole(
  migrationUrl: string,
  appUrl: string,
): Promise<{ appRole: string; appRoleIsOwner: boolean }> {
  const appRole = decodeURIComponent(new URL(appUrl).username || 'postgres');
  const client = new pg.Client({ connectionString: migrationUrl });
  await client.connect();
  try {
    const owner = await client.query<{ u: string; superuser: boolean }>(
      'select current_user as u, rolsuper as superuser from pg_roles where rolname = current_user',
    );
    const ownerName = owner.rows[0]?.u;
    if (appRole === ownerName || appRole === APP_GROUP_ROLE) {
      return { appRole, appRoleIsOwner: appRole === ownerName };
    }
    const exists = await client.query('select 1 from pg_roles where rolname = $1', [appRole]);
    if (exists.rowCount === 0) {
      // Local development only: production operators create the login role with a password.
      await client
        .query(`create role ${pg.escapeIdentifier(appRole)} login nosuperuser nocreatedb nocreaterole nobypassrls`)
        .catch((err: { code?: string }) => {
          // Another process created it a moment ago (unique_violation / duplicate_object).
          if (err.code !== '23505' && err.code !== '42710') throw err;
        });
    }
    await client.query(`grant ${APP_GROUP_ROLE} to ${pg.escapeIdentifier(appRole)}`);
    return { appRole, appRoleIsOwner: false };
  } catch (err) {
    throw new DomainError(
      'internal',
      `Could not prepare the application role "${appRole}" on ${redactUrl(migrationUrl)}: ${(err as Error).message}`,
      {},
      { cause: err },
    );
  } finally {
    await client.end();
  }
}
