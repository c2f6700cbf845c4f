import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/lib/logger.js';
import { type SlackSandbox, startSlackSandbox } from '../../../src/sandbox/index.js';
import { REPO_ROOT } from '../../support/e2e.js';
import { createTestDatabase, type TestDatabase, uniquePrefix } from '../../support/test-db.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the installed bin as an operator would (compiled JavaScript in dist/, built by `npm test`'s pretest), with only the given env. */
function cli(args: string[], env: Record<string, string>, until?: { stdout: RegExp; signal: 'SIGTERM' }): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/runbook-copilot.mjs', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (until && !signalled && until.stdout.test(stdout)) {
        signalled = true;
        child.kill(until.signal);
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the CLI as an operator meets it', () => {
  let t: TestDatabase;
  let sandbox: SlackSandbox;
  beforeAll(async () => {
    t = await createTestDatabase();
    sandbox = await startSlackSandbox({ logger: silentLogger() });
  });
  afterAll(async () => {
    await sandbox.close();
    await t.drop();
  });

  it('names an unreachable PostgreSQL, its URL and how to start one, without a stack trace', async () => {
    const run = await cli(['migrate'], {
      MIGRATION_DATABASE_URL: 'postgres://postgres:s3cret@127.0.0.1:5999/runbook_copilot',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Cannot reach PostgreSQL at postgres://postgres:***@127.0.0.1:5999/runbook_copilot');
    expect(run.stderr).toContain('docker compose up -d postgres');
    expect(run.stderr).not.toContain('s3cret');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('names an unreachable Redis the same way', async () => {
    const run = await cli(['start'], {
      MIGRATION_DATABASE_URL: t.ownerUrl,
      DATABASE_URL: t.appUrl,
      REDIS_URL: 'redis://127.0.0.1:6390',
      SANDBOX_PORT: '0',
      HTTP_PORT: '0',
    });
    expect(run.code).toBe(1);
    // Nothing was ready, so no address is offered to open.
    expect(run.stdout).not.toContain('http://');
    expect(run.stderr).toContain('Cannot reach Redis at redis://127.0.0.1:6390');
    expect(run.stderr).toContain('docker compose up -d redis');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops at boot on a bad variable, naming it', async () => {
    const run = await cli(['migrate'], { HTTP_PORT: 'eighty' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Invalid configuration');
    expect(run.stderr).toContain('HTTP_PORT');
  });

  it('a worker stops cleanly on SIGTERM', async () => {
    const run = await cli(
      ['worker'],
      {
        DATABASE_URL: t.appUrl,
        MIGRATION_DATABASE_URL: t.ownerUrl,
        QUEUE_PREFIX: uniquePrefix(),
        SLACK_BOT_TOKEN: sandbox.botToken,
        SLACK_APP_TOKEN: sandbox.appToken,
        SLACK_API_URL: sandbox.apiUrl,
        SLACK_INCIDENT_CHANNEL: 'C0INCIDENTS',
      },
      { stdout: /worker: processing jobs/, signal: 'SIGTERM' },
    );
    expect(run.stdout).toContain('worker: processing jobs');
    expect(run.code).toBe(0);
  });

  it('lists its commands', async () => {
    const run = await cli(['help'], {});
    expect(run.code).toBe(0);
    for (const name of ['start', 'web', 'worker', 'migrate', 'classify', 'parse', 'lint', 'audit']) {
      expect(run.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
  });

  it('lets the operator grant, list and revoke roles without Slack, audited as system:cli', async () => {
    const env = { DATABASE_URL: t.appUrl, MIGRATION_DATABASE_URL: t.ownerUrl };
    const granted = await cli(['roles', 'grant', '--tenant', 'T0CLI', 'U0FIRSTADMIN', 'admin'], env);
    expect(granted).toMatchObject({ code: 0, stdout: 'Granted admin to U0FIRSTADMIN in T0CLI.\n' });
    const listed = await cli(['roles', 'list', '--tenant', 'T0CLI'], env);
    expect(listed.stdout).toContain('*admin*: <@U0FIRSTADMIN>');
    const bad = await cli(['roles', 'grant', '--tenant', 'T0CLI', 'alice', 'owner'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Usage: roles list --tenant <team id>');
    const revoked = await cli(['roles', 'revoke', '--tenant', 'T0CLI', 'U0FIRSTADMIN', 'admin'], env);
    expect(revoked.stdout).toBe('Revoked admin from U0FIRSTADMIN in T0CLI.\n');
    const audited = await t.owner
      .selectFrom('audit_events')
      .select(['event_type', 'actor'])
      .where('tenant_id', '=', 'T0CLI')
      .orderBy('seq')
      .execute();
    expect(audited).toEqual([
      { event_type: 'roles.granted', actor: 'system:cli' },
      { event_type: 'roles.revoked', actor: 'system:cli' },
    ]);
  });
});
