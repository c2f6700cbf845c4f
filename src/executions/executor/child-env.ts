import { DomainError } from '../../lib/errors.js';

/**
 * The environment a runbook command gets: a minimal base plus an operator allowlist, and
 * never the product's own secrets or shell start-up hooks. Nothing is inherited implicitly.
 */

export const SAFE_DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Names that point at configuration or credential FILES, or pick a profile/region: tools
 * need them to find their config, and they are not secrets themselves. Raw secret values
 * (AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, …) are deliberately absent; an operator who
 * really wants them must list them in EXECUTION_ENV_ALLOWLIST.
 */
export const DEFAULT_ENV_ALLOWLIST: readonly string[] = [
  'KUBECONFIG',
  'AWS_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'CLOUDSDK_CONFIG',
  'CLOUDSDK_CORE_PROJECT',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'AZURE_CONFIG_DIR',
  'DOCKER_CONFIG',
  'DOCKER_HOST',
];

/** The product's own secrets: never passed on, whatever the allowlist says. */
const DENIED_EXACT = new Set(['DATABASE_URL', 'MIGRATION_DATABASE_URL', 'REDIS_URL']);
const DENIED_PREFIXES = ['SLACK_', 'OPENAI_', 'PAGERDUTY_', 'BACKUP_'];

export function isProductSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  return DENIED_EXACT.has(upper) || DENIED_PREFIXES.some((p) => upper.startsWith(p));
}

/**
 * Variables that make bash run code or change behaviour before the command starts:
 * BASH_ENV/ENV are sourced even with --norc, BASH_FUNC_* import functions that can shadow
 * `kubectl`, SHELLOPTS/BASHOPTS switch options on. The approved command must be all that runs.
 */
const SHELL_INJECTION_EXACT = new Set(['BASH_ENV', 'ENV', 'SHELLOPTS', 'BASHOPTS']);

export function isForbiddenName(name: string): boolean {
  return isProductSecretName(name) || SHELL_INJECTION_EXACT.has(name) || name.startsWith('BASH_FUNC_');
}

/** Set by us on every run: predictable, plain output for a chat message. */
const FIXED: Record<string, string> = { TERM: 'dumb', NO_COLOR: '1', PAGER: 'cat' };
/** Passed through when the parent has them. */
const PASSTHROUGH = ['HOME', 'LANG', 'LC_ALL', 'TZ'];

type Matcher = (name: string) => boolean;

/** `NAME` matches exactly; `PREFIX*` matches by prefix. A bare `*` is refused. */
function compilePattern(pattern: string): Matcher {
  const p = pattern.trim();
  if (!/^[A-Za-z_][A-Za-z0-9_]*\*?$/.test(p)) {
    throw new DomainError('config_invalid', `environment allowlist entry "${pattern}" must be NAME or PREFIX*`);
  }
  if (p.endsWith('*')) {
    const prefix = p.slice(0, -1);
    return (name) => name.startsWith(prefix);
  }
  return (name) => name === p;
}

export function buildChildEnv(parentEnv: NodeJS.ProcessEnv, allowlist: readonly string[]): Record<string, string> {
  const matchers = allowlist.filter((p) => p.trim() !== '').map(compilePattern);
  const env: Record<string, string> = { PATH: parentEnv.PATH || SAFE_DEFAULT_PATH };
  for (const name of PASSTHROUGH) {
    const value = parentEnv[name];
    if (value !== undefined) env[name] = value;
  }
  env.LANG ??= 'C.UTF-8';
  for (const [name, value] of Object.entries(parentEnv)) {
    if (value === undefined || isForbiddenName(name)) continue;
    if (matchers.some((m) => m(name))) env[name] = value;
  }
  return { ...env, ...FIXED };
}

/** Defence in depth at spawn time: the same exclusions, even for a hand-built env. */
export function sanitizeChildEnv(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !isForbiddenName(name)));
}
