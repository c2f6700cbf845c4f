import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db } from '../../src/db/database.js';
import { TEST_APP_ROLE, templateName, urlFor, withAdmin } from './pg-admin.js';

export interface TestDatabase {
  name: string;
  /** Connected as the application's role (member of runbook_app), like the product. */
  db: Db;
  appUrl: string;
  /** Connected as the owner (superuser), for assertions the app itself may not make. */
  ownerUrl: string;
  /** The owner's connection (sees every tenant's rows): for asserting what the database holds. */
  owner: Db;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `rbc_t_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  await withAdmin(async (admin) => {
    await admin.query(`create database ${pg.escapeIdentifier(name)} template ${pg.escapeIdentifier(templateName())}`);
  });
  const appUrl = urlFor(name, TEST_APP_ROLE);
  const db = createDb({ url: appUrl, poolMax: 5 });
  const owner = createDb({ url: urlFor(name), poolMax: 2 });
  return {
    name,
    db,
    appUrl,
    ownerUrl: urlFor(name),
    owner,
    async drop() {
      await db.destroy();
      await owner.destroy();
      await withAdmin(async (admin) => {
        await admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
      });
    },
  };
}

export function uniquePrefix(): string {
  return `rbc_t_${randomBytes(5).toString('hex')}`;
}
