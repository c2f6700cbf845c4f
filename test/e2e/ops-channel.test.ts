import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS } from '../../src/ops/backup/catalog.js';
import { tempDir } from '../integration/ops/ops-fixture.js';
import { type E2E, INCIDENTS, PEOPLE, startE2E } from '../support/e2e.js';
import { shown } from '../support/slack-read.js';

const OPS = 'C0OPS000001';

describe('the ops channel hears what the scheduled operations did', () => {
  let e: E2E;
  const dir = tempDir('e2e-backups');
  beforeAll(async () => {
    e = await startE2E({
      env: {
        SLACK_OPS_CHANNEL: OPS,
        BACKUP_DIR: dir,
        BACKUP_WORK_DIR: tempDir('e2e-work'),
        BACKUP_HMAC_KEY: 'e2e-backup-signing-key-0123456789abcdef',
        HEALTH_FAIL_AFTER: '1',
        HEALTH_RECOVER_AFTER: '1',
        // The test enqueues each job itself, as its schedule would.
        OPS_CRON_HEALTH: 'off',
        OPS_CRON_SLO: 'off',
      },
    });
  });
  afterAll(async () => e?.close());

  const opsMessage = (pattern: RegExp, timeoutMs = 30_000) =>
    e.sandbox.waitFor(() => e.sandbox.messages(OPS).find((m) => pattern.test(m.text)), {
      timeoutMs,
      description: `a message in #ops matching ${pattern}`,
    });

  it('the nightly backup job posts the backup and its verification; health rounds report what fails and what recovered', async () => {
    await e.runtime.jobs.enqueue('ops.health', {});
    const drillMissing = await opsMessage(/^🟠 last_drill is failing$/);
    expect(shown(drillMissing)).toContain('no restore drill has run yet');

    await e.runtime.jobs.enqueue('ops.backup', {});
    const taken = await opsMessage(/^💾 Backup \S+ taken: /);
    expect(shown(taken)).toContain('signed manifest');
    const verified = await opsMessage(/^✅ Backup \S+ restores: every check passed/);
    expect(shown(verified)).toContain('`audit_chain`');
    expect(shown(verified)).toContain('scratch database dropped afterwards');

    await e.runtime.jobs.enqueue('ops.drill', { kind: 'quick' });
    await opsMessage(/^🧯 Quick restore drill passed: RTO /);
    await e.runtime.jobs.enqueue('ops.health', {});
    await opsMessage(/^✅ last_drill recovered after /);
    expect(e.sandbox.failures()).toEqual([]);
  });

  it('a tampered backup fails its drill loudly', async () => {
    const [newest] = await e.runtime.ops.backups.list();
    const file = path.join(dir, KEYS.dump(newest!.id));
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length - 100));
    await e.runtime.jobs.enqueue('ops.drill', { kind: 'quick' });
    const failed = await opsMessage(/^🚨 Backup \S+ FAILED verification: file_size, file_sha256$/);
    expect(shown(failed)).toContain('truncated');
    await opsMessage(/^🚨 Quick restore drill FAILED on backup /);
  });

  it('/readyz and /metrics show the same checks the ops channel talks about', async () => {
    const ready = (await (await fetch(`${e.web.url}/readyz`)).json()) as {
      status: string;
      checks: Record<string, { ok: boolean; critical?: boolean; detail?: string }>;
    };
    expect(ready.status).toBe('ready');
    expect(ready.checks.postgres).toEqual({ ok: true });
    expect(ready.checks.last_drill).toMatchObject({ ok: true, critical: false });
    expect(ready.checks.health_monitor).toMatchObject({ ok: true, critical: false });
    expect(ready.checks['queue_lag.alerts']).toMatchObject({ ok: true });
    const metrics = await (await fetch(`${e.web.url}/metrics`)).text();
    expect(metrics).toMatch(/^runbook_health_check_ok\{check="postgres",critical="true"\} 1$/m);
    expect(metrics).toMatch(/^runbook_health_check_ok\{check="backup_freshness",critical="false"\} 1$/m);
    expect(metrics).toMatch(/^runbook_health_check_value\{check="disk_free"\} [\d.]+$/m);
  });

  it('/runbook digest answers with the day in this workspace, only to the person who asked', async () => {
    await e.sandbox.slashCommand({ userId: PEOPLE.manager, channelId: INCIDENTS, command: '/runbook', text: 'digest' });
    const digest = await e.sandbox.waitFor(
      () => e.sandbox.ephemerals(PEOPLE.manager).find((m) => m.text.startsWith('📰 Daily digest')),
      { timeoutMs: 15_000, description: 'the digest' },
    );
    expect(shown(digest)).toContain('*Incidents* 0');
    expect(shown(digest)).toMatch(/FAILED verification ❌/);
    expect(shown(digest)).toContain('last quick drill FAILED');
    await e.sandbox.slashCommand({
      userId: PEOPLE.manager,
      channelId: INCIDENTS,
      command: '/runbook',
      text: 'digest week',
    });
    await e.sandbox.waitFor(
      () => e.sandbox.ephemerals(PEOPLE.manager).find((m) => m.text.startsWith('📊 Weekly health report')),
      {
        timeoutMs: 15_000,
      },
    );
    expect(e.sandbox.failures()).toEqual([]);
  });
});
