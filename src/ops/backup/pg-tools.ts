import { spawn } from 'node:child_process';
import { processEnvironment } from '../../config.js';
import { redactUrl } from '../../lib/dependency-errors.js';

/**
 * Debian's postgresql-client (pg_dump, pg_restore) run as child processes. The connection
 * goes through libpq's PG* variables, never the command line, so a password never shows
 * in `ps`. scripts/ensure-pg-client.sh installs the tools where they are missing.
 */

/** libpq environment for a postgres:// URL (host, port, user, password, database, sslmode). */
export function libpqEnv(url: string): Record<string, string> {
  const u = new URL(url);
  const env: Record<string, string> = {
    PGHOST: decodeURIComponent(u.hostname.replace(/^\[|\]$/g, '')) || '127.0.0.1',
    PGPORT: u.port || '5432',
    PGDATABASE: decodeURIComponent(u.pathname.replace(/^\//, '')),
  };
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  const host = u.searchParams.get('host');
  if (host) env.PGHOST = host;
  return env;
}

export class PgToolError extends Error {
  constructor(
    readonly tool: string,
    message: string,
  ) {
    super(message);
    this.name = 'PgToolError';
  }
}

interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a client tool against `url` with a minimal environment; rejects with its stderr on failure. */
export function runPgTool(tool: string, args: string[], url: string | null): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, {
      env: { PATH: processEnvironment().PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...(url ? libpqEnv(url) : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < 1_000_000) stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 64_000) stderr += d.toString();
    });
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        new PgToolError(
          tool,
          err.code === 'ENOENT'
            ? `${tool} is not installed: run scripts/ensure-pg-client.sh (Debian: apt-get install postgresql-client)`
            : `${tool} could not start: ${err.message}`,
        ),
      ),
    );
    child.on('close', (code, signal) => {
      if (code === 0) return resolve({ stdout, stderr });
      const where = url ? ` (${redactUrl(url)})` : '';
      reject(new PgToolError(tool, `${tool} failed${where}: ${stderr.trim() || `exit ${code ?? signal}`}`));
    });
  });
}

export async function toolVersion(tool: string): Promise<string> {
  const { stdout } = await runPgTool(tool, ['--version'], null);
  return stdout.trim();
}

/** Custom-format dump of the snapshot another session exported (so counts and dump agree). */
export async function pgDump(ownerUrl: string, snapshot: string, file: string): Promise<void> {
  await runPgTool('pg_dump', ['--format=custom', '--compress=6', `--snapshot=${snapshot}`, `--file=${file}`], ownerUrl);
}

/**
 * Restores a dump into an empty database. Objects are owned by the restoring user
 * (--no-owner); grants are kept so the application role can use the copy.
 */
export async function pgRestore(targetUrl: string, file: string, jobs = 2): Promise<void> {
  await runPgTool(
    'pg_restore',
    ['--no-owner', '--exit-on-error', `--jobs=${jobs}`, `--dbname=${dbName(targetUrl)}`, file],
    targetUrl,
  );
}

function dbName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}
