import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENV_SCHEMA, loadConfig } from '../../src/config.js';

describe('config', () => {
  it('runs against the sandbox with no Slack tokens, in dry-run, strict mode', () => {
    const config = loadConfig({});
    expect(config.slack.mode).toBe('sandbox');
    expect(config.execution.dryRun).toBe(true);
    expect(config.execution.governanceMode).toBe('strict');
    expect(config.llm).toBeNull();
    expect(config.webhooks.maxBytes).toBe(256 * 1024);
  });

  it('connects to real Slack with both tokens and an incident channel, not in dry-run', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_INCIDENT_CHANNEL: 'C1' });
    expect(config.slack.mode).toBe('real');
    expect(config.execution.dryRun).toBe(false);
  });

  it('names the bad variable and says what is wrong', () => {
    const err = (() => {
      try {
        loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', HTTP_PORT: 'eighty', QUEUE_PREFIX: 'a:b' });
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain('HTTP_PORT');
    expect(err.message).toContain('QUEUE_PREFIX');
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(
      'SLACK_APP_TOKEN: set both SLACK_BOT_TOKEN and SLACK_APP_TOKEN',
    );
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toThrow(
      /SLACK_INCIDENT_CHANNEL: required/,
    );
  });

  it('contains commands in a PID namespace unless an operator opts out by name', () => {
    expect(loadConfig({}).execution.containment).toBe('pidns');
    expect(loadConfig({ EXECUTION_CONTAINMENT: '' }).execution.containment).toBe('pidns');
    expect(loadConfig({ EXECUTION_CONTAINMENT: 'process-group' }).execution.containment).toBe('process-group');
    expect(() => loadConfig({ EXECUTION_CONTAINMENT: 'none' })).toThrow(/EXECUTION_CONTAINMENT/);
  });

  it('treats empty values as unset and splits lists', () => {
    const config = loadConfig({ EXECUTION_DRY_RUN: '', PAGERDUTY_WEBHOOK_SECRETS: 'a, b,,', SLACK_BOT_TOKEN: '' });
    expect(config.execution.dryRun).toBe(true);
    expect(config.webhooks.pagerdutySecrets).toEqual(['a', 'b']);
    expect(config.slack.mode).toBe('sandbox');
  });

  it('documents every variable in .env.example, and nothing else', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const documented = [...example.matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys(ENV_SCHEMA.shape ?? {}).sort());
  });
});

describe('PagerDuty secrets at start', () => {
  it('falls back to the sandbox’s public secret only in the sandbox; with real Slack none means refuse', async () => {
    const { pagerDutySecrets, SANDBOX_PAGERDUTY_SECRET } = await import('../../src/app/webhook-secrets.js');
    expect(pagerDutySecrets(loadConfig({}))).toEqual([SANDBOX_PAGERDUTY_SECRET]);
    const real = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_INCIDENT_CHANNEL: 'C1' };
    expect(pagerDutySecrets(loadConfig(real))).toEqual([]);
    expect(pagerDutySecrets(loadConfig({ ...real, PAGERDUTY_WEBHOOK_SECRETS: 'a,b' }))).toEqual(['a', 'b']);
  });
});
