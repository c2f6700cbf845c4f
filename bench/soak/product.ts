import type { WriteStream } from 'node:fs';
import pg from 'pg';
import { migrateToLatest } from '../../src/db/migrator.js';
import { type Proc, randomPort, startProc } from './stack.js';

/** The product's own processes for the soak and the panic bench: a database, the sandbox, web and workers. */
export const ADMIN_URL =
  process.env.SOAK_PG_ADMIN_URL ?? process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface SandboxInfo {
  url: string;
  apiUrl: string;
  botToken: string;
  appToken: string;
  teamId: string;
}

export function withDb(url: string, db: string, user?: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  if (user) {
    u.username = user;
    u.password = '';
  }
  return u.toString();
}

/** A database of its own, migrated; the app connects as a role without owner rights, as in production. */
export async function createDatabase(id: string): Promise<{ dbName: string; ownerUrl: string; appUrl: string }> {
  const dbName = `rbc_${id}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${pg.escapeIdentifier(dbName)}`);
  await admin.end();
  const ownerUrl = withDb(ADMIN_URL, dbName);
  const appUrl = withDb(ADMIN_URL, dbName, 'rbc_soak_app');
  await migrateToLatest({ migrationUrl: ownerUrl, appUrl });
  return { dbName, ownerUrl, appUrl };
}

export async function dropDatabase(dbName: string): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${pg.escapeIdentifier(dbName)} with (force)`);
  await admin.end();
}

export async function startSandbox(log: WriteStream): Promise<{ proc: Proc; info: SandboxInfo }> {
  const proc = startProc(
    'sandbox',
    process.execPath,
    ['--import', 'tsx', 'bench/soak/sandbox-process.ts'],
    { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    /^\{.*\}$/m,
    log,
  );
  return { proc, info: JSON.parse(await proc.ready) as SandboxInfo };
}

/** What every product process gets: the sandbox as Slack, signed PagerDuty deliveries, its own queues. */
export function productEnv(o: {
  appUrl: string;
  ownerUrl: string;
  redisUrl: string;
  sandbox: SandboxInfo;
  runbooks: string;
  id: string;
  pagerDutySecret: string;
}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATABASE_URL: o.appUrl,
    MIGRATION_DATABASE_URL: o.ownerUrl,
    REDIS_URL: o.redisUrl,
    QUEUE_PREFIX: o.id,
    SLACK_BOT_TOKEN: o.sandbox.botToken,
    SLACK_APP_TOKEN: o.sandbox.appToken,
    SLACK_API_URL: o.sandbox.apiUrl,
    SLACK_INCIDENT_CHANNEL: 'C0INCIDENTS',
    SLACK_OPS_CHANNEL: 'C0OPS000001',
    PAGERDUTY_WEBHOOK_SECRETS: o.pagerDutySecret,
    GOVERNANCE_MODE: 'audit',
    RUNBOOKS_DIR: o.runbooks,
    LOG_LEVEL: 'warn',
    HTTP_HOST: '127.0.0.1',
  };
}

export async function startWeb(
  env: Record<string, string>,
  log: WriteStream,
  name = 'web',
): Promise<{ proc: Proc; url: string }> {
  const proc = startProc(
    name,
    process.execPath,
    ['--import', 'tsx', 'src/main.ts', 'web'],
    { ...env, HTTP_PORT: String(randomPort()) },
    /web: listening on (http:\/\/\S+);/,
    log,
  );
  const line = await proc.ready;
  return { proc, url: /http:\/\/[^;\s]+/.exec(line)![0] };
}

/**
 * The people the bench plays hold roles, as an operator grants them with the CLI: the
 * on-call engineer may start runs, the second responder may approve. Without them every
 * press is refused (authorization fails closed).
 */
export async function grantBenchRoles(env: Record<string, string>, tenantId: string, log: WriteStream): Promise<void> {
  for (const [user, role] of [
    ['U0ONCALL01', 'responder'],
    ['U0RESPOND2', 'approver'],
  ]) {
    const proc = startProc(
      'roles',
      process.execPath,
      ['--import', 'tsx', 'src/main.ts', 'roles', 'grant', '--tenant', tenantId, user!, role!],
      env,
      /Granted|already holds/,
      log,
    );
    await proc.ready;
    await proc.exited;
  }
}

export async function startWorker(env: Record<string, string>, log: WriteStream): Promise<Proc> {
  const proc = startProc(
    'worker',
    process.execPath,
    ['--import', 'tsx', 'src/main.ts', 'worker'],
    env,
    /worker: processing jobs/,
    log,
  );
  await proc.ready;
  return proc;
}
