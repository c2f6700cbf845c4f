import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';

describe('operations config', () => {
  it('has working defaults: a local backup directory, schedules on, backups off until a key is set', () => {
    const { ops } = loadConfig({});
    expect(ops.backup.dir).toBe('backups');
    expect(ops.backup.s3).toBeNull();
    expect(ops.backup.hmacKeys).toEqual([]);
    expect(ops.schedules.backup).toBe('0 30 2 * * *');
    expect(ops.health.backupMaxAgeMs).toBe(26 * 3600_000);
  });

  it('names a bad cron expression, a bad time zone and a short signing key', () => {
    expect(() => loadConfig({ OPS_CRON_BACKUP: 'every night' })).toThrow(/OPS_CRON_BACKUP: not a cron expression/);
    expect(() => loadConfig({ OPS_TIMEZONE: 'Mars/Olympus' })).toThrow(/OPS_TIMEZONE: not an IANA time zone/);
    expect(() => loadConfig({ BACKUP_HMAC_KEY: 'short' })).toThrow(/BACKUP_HMAC_KEY: each key must be at least 32/);
  });

  it('switches a schedule off, takes several keys for rotation and an S3 bucket', () => {
    const { ops } = loadConfig({
      OPS_CRON_DRILL_FULL: 'off',
      BACKUP_HMAC_KEY: `${'n'.repeat(32)}, ${'o'.repeat(32)}`,
      BACKUP_S3_BUCKET: 'backups',
      BACKUP_S3_ENDPOINT: 'http://127.0.0.1:9000',
      BACKUP_S3_FORCE_PATH_STYLE: 'true',
    });
    expect(ops.schedules.drill_full).toBeNull();
    expect(ops.backup.hmacKeys).toEqual(['n'.repeat(32), 'o'.repeat(32)]);
    expect(ops.backup.s3).toMatchObject({ bucket: 'backups', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true });
  });
});
