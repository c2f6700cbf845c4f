import { describe, expect, it } from 'vitest';
import { dryRun } from '../../../../src/executions/executor/dry-run.js';

describe('dryRun', () => {
  it('shows what would run, without a process', () => {
    expect(dryRun('kubectl -n prod rollout restart deploy/api')).toEqual({
      dryRun: true,
      exitCode: 0,
      signal: null,
      timedOut: false,
      aborted: false,
      output: 'DRY RUN — not executed:\n$ kubectl -n prod rollout restart deploy/api',
      outputBytes: Buffer.byteLength('DRY RUN — not executed:\n$ kubectl -n prod rollout restart deploy/api'),
      truncated: false,
      durationMs: 0,
      pid: undefined,
    });
  });

  it('redacts secrets in the command it echoes', () => {
    const r = dryRun('curl -H "Authorization: Bearer abcdef0123456789abcdef" https://api');
    expect(r.output).toBe('DRY RUN — not executed:\n$ curl -H "Authorization: Bearer [REDACTED]" https://api');
  });

  it('redacts the command as a typed command: a mysql -p… password goes, the rest stays', () => {
    expect(dryRun("mysql -h db -u root -pS3cretPass! -e 'select 1'").output).toBe(
      "DRY RUN — not executed:\n$ mysql -h db -u root -p[REDACTED] -e 'select 1'",
    );
  });
});
