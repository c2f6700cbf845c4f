import pg from 'pg';
import { migrateToLatest } from '../../src/db/migrator.js';
import { ADMIN_URL, TEST_APP_ROLE, templateName, urlFor, withAdmin } from './pg-admin.js';

/**
 * Builds one migrated template database per migration set; each test file clones it
 * (CREATE DATABASE … TEMPLATE) in a few tens of milliseconds. Also drops databases that
 * crashed runs left behind more than two hours ago.
 */
export default async function setup(): Promise<void> {
  const template = templateName();
  await withAdmin(async (admin) => {
    await admin.query('select pg_advisory_lock(424242)');
    try {
      const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
      if (exists.rowCount === 0) {
        const building = `${template}_build`;
        await admin.query(`drop database if exists ${pg.escapeIdentifier(building)}`);
        await admin.query(`create database ${pg.escapeIdentifier(building)}`);
        await migrateToLatest({ migrationUrl: urlFor(building), appUrl: urlFor(building, TEST_APP_ROLE) });
        await admin.query(`alter database ${pg.escapeIdentifier(building)} rename to ${pg.escapeIdentifier(template)}`);
      }
      // Stamped at every use: another checkout on this machine may be using an older template.
      await admin.query(`comment on database ${pg.escapeIdentifier(template)} is '${USED_AT}${Date.now()}'`);
      await dropStale(admin);
    } finally {
      await admin.query('select pg_advisory_unlock(424242)');
    }
  });
}

async function dropStale(admin: pg.Client): Promise<void> {
  const cutoff = Math.floor(Date.now() / 1000) - 2 * 3600;
  const { rows } = await admin.query<{ datname: string }>(
    "select datname from pg_database where datname like 'rbc_t\\_%'",
  );
  for (const { datname } of rows) {
    const created = Number(datname.split('_')[2]);
    if (Number.isFinite(created) && created < cutoff) {
      await admin.query(`drop database if exists ${pg.escapeIdentifier(datname)} with (force)`).catch(() => undefined);
    }
  }
  // Old templates from earlier migration sets, unused for a day (other checkouts may still use theirs).
  const current = templateName();
  const old = await admin.query<{ datname: string; note: string | null }>(
    `select datname, shobj_description(oid, 'pg_database') as note from pg_database
      where datname like 'rbc_tpl\\_%' and datname <> $1 and datname not like '%_build'`,
    [current],
  );
  for (const { datname, note } of old.rows) {
    const usedAt = note?.startsWith(USED_AT) ? Number(note.slice(USED_AT.length)) : 0;
    if (Date.now() - usedAt < 24 * 3600_000) continue;
    await admin.query(`drop database if exists ${pg.escapeIdentifier(datname)} with (force)`).catch(() => undefined);
  }
}

const USED_AT = 'used_at:';

export { ADMIN_URL };
