import { describe, expect, it } from 'vitest';
import {
  buildChildEnv,
  DEFAULT_ENV_ALLOWLIST,
  SAFE_DEFAULT_PATH,
} from '../../../../src/executions/executor/child-env.js';
import { isDomainError } from '../../../../src/lib/errors.js';

const parent: NodeJS.ProcessEnv = {
  PATH: '/opt/tools/bin:/usr/bin',
  HOME: '/home/oncall',
  LANG: 'en_GB.UTF-8',
  TZ: 'Europe/Paris',
  TERM: 'xterm-256color',
  KUBECONFIG: '/etc/kube/config',
  AWS_PROFILE: 'prod-readonly',
  AWS_REGION: 'eu-west-1',
  AWS_SECRET_ACCESS_KEY: 'raw-secret',
  GOOGLE_APPLICATION_CREDENTIALS: '/etc/gcp/sa.json',
  SLACK_BOT_TOKEN: 'xoxb-product',
  SLACK_APP_TOKEN: 'xapp-product',
  OPENAI_API_KEY: 'sk-product',
  DATABASE_URL: 'postgres://app:pw@db/app',
  MIGRATION_DATABASE_URL: 'postgres://postgres:pw@db/app',
  REDIS_URL: 'redis://:pw@redis',
  PAGERDUTY_WEBHOOK_SECRETS: 'whsec',
  BACKUP_HMAC_KEY: 'backup-signing-key',
  BASH_ENV: '/tmp/evil.sh',
  'BASH_FUNC_kubectl%%': '() { echo hijacked; }',
  NODE_OPTIONS: '--inspect',
  UNRELATED: 'x',
};

describe('buildChildEnv', () => {
  it('passes a minimal base plus the default allowlist, and nothing else', () => {
    expect(buildChildEnv(parent, DEFAULT_ENV_ALLOWLIST)).toEqual({
      PATH: '/opt/tools/bin:/usr/bin',
      HOME: '/home/oncall',
      LANG: 'en_GB.UTF-8',
      TZ: 'Europe/Paris',
      TERM: 'dumb',
      NO_COLOR: '1',
      PAGER: 'cat',
      KUBECONFIG: '/etc/kube/config',
      AWS_PROFILE: 'prod-readonly',
      AWS_REGION: 'eu-west-1',
      GOOGLE_APPLICATION_CREDENTIALS: '/etc/gcp/sa.json',
    });
  });

  it('falls back to a safe PATH and a UTF-8 LANG when the parent has none', () => {
    expect(buildChildEnv({}, [])).toEqual({
      PATH: SAFE_DEFAULT_PATH,
      LANG: 'C.UTF-8',
      TERM: 'dumb',
      NO_COLOR: '1',
      PAGER: 'cat',
    });
  });

  it('supports exact names and PREFIX* wildcards', () => {
    const env = buildChildEnv(parent, ['AWS_*', 'UNRELATED']);
    expect(env.AWS_PROFILE).toBe('prod-readonly');
    expect(env.AWS_SECRET_ACCESS_KEY).toBe('raw-secret'); // an explicit operator choice
    expect(env.UNRELATED).toBe('x');
    expect(env.NODE_OPTIONS).toBeUndefined();
  });

  it('never passes the product secrets or shell start-up hooks, even when the allowlist matches them', () => {
    const env = buildChildEnv(parent, [
      'SLACK_*',
      'OPENAI_API_KEY',
      'DATABASE_URL',
      'MIGRATION_*',
      'REDIS_URL',
      'PAGERDUTY_*',
      'BACKUP_*',
      'BASH*',
      'ENV',
    ]);
    for (const name of Object.keys(env)) {
      expect(name).not.toMatch(/^(SLACK_|OPENAI_|PAGERDUTY_|BACKUP_|BASH_)|DATABASE_URL|REDIS_URL/);
    }
  });

  it('refuses a bare * and malformed patterns', () => {
    for (const bad of ['*', 'A*B', 'PATH=1', 'AWS-*']) {
      expect(() => buildChildEnv(parent, [bad])).toThrow(
        expect.toSatisfy((e: unknown) => isDomainError(e, 'config_invalid')),
      );
    }
  });
});
