import { DomainError } from './errors.js';

/**
 * Turns "ECONNREFUSED" into a sentence an operator can act on: which dependency, at
 * which URL (password hidden), and how to start one.
 */
const HOW_TO_START = {
  PostgreSQL:
    'Start one with `docker compose up -d postgres` (docker-compose.yml ships with the project), ' +
    'or on Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start. Set DATABASE_URL / MIGRATION_DATABASE_URL if it runs elsewhere.',
  Redis:
    'Start one with `docker compose up -d redis`, or: redis-server --daemonize yes --port 6379. ' +
    'Set REDIS_URL if it runs elsewhere.',
} as const;

export type Dependency = keyof typeof HOW_TO_START;

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

export function dependencyUnavailable(dependency: Dependency, url: string, cause: unknown): DomainError {
  const reason = describeCause(cause);
  const code = (cause as { code?: string } | null)?.code ?? '';
  // Reachable, but the login or the database is wrong: starting a server would not help.
  if (dependency === 'PostgreSQL' && (code.startsWith('28') || code === '3D000')) {
    return new DomainError(
      'dependency_unavailable',
      `PostgreSQL at ${redactUrl(url)} is running but refused the connection (${reason}).\n` +
        'Check the user, password and database in DATABASE_URL / MIGRATION_DATABASE_URL. ' +
        '`npm run migrate` (and `npm start`) create the database and, on a trust-auth development server, the application role.',
      { dependency, url: redactUrl(url) },
      { cause },
    );
  }
  return new DomainError(
    'dependency_unavailable',
    `Cannot reach ${dependency} at ${redactUrl(url)} (${reason}).\n${HOW_TO_START[dependency]}`,
    { dependency, url: redactUrl(url) },
    { cause },
  );
}

function describeCause(cause: unknown): string {
  if (cause && typeof cause === 'object') {
    const c = cause as { code?: string; message?: string; errors?: unknown[] };
    if (c.code) return c.message ? `${c.code}: ${c.message}` : c.code;
    // AggregateError from dual-stack connect attempts carries the real codes inside.
    const inner = c.errors?.[0] as { code?: string } | undefined;
    if (inner?.code) return inner.code;
    if (c.message) return c.message;
  }
  return String(cause);
}
