import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { logBindings, withLogContext } from '../../../src/lib/log-context.js';
import { LOG_REDACT_PATHS } from '../../../src/lib/logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const logger = pino(
    { mixin: () => logBindings(), redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } },
    stream,
  );
  return { logger, lines };
}

describe('log context', () => {
  it('adds the ids bound where work starts to every line logged inside it, across awaits', async () => {
    const { logger, lines } = capture();
    await withLogContext({ tenantId: 'T1', jobId: 'j1' }, async () => {
      await new Promise((r) => setImmediate(r));
      await withLogContext({ executionId: 'e1', stepId: 's1' }, async () => {
        logger.info('inner');
      });
      logger.info('outer');
    });
    logger.info('outside');
    expect(lines.map((l) => [l.msg, l.tenantId, l.jobId, l.executionId])).toEqual([
      ['inner', 'T1', 'j1', 'e1'],
      ['outer', 'T1', 'j1', undefined],
      ['outside', undefined, undefined, undefined],
    ]);
  });

  it('blanks the secrets of the real config paths', () => {
    const { logger, lines } = capture();
    logger.info({
      config: {
        slack: { botToken: 'xoxb-secret', appToken: 'xapp-secret' },
        llm: { apiKey: 'sk-secret' },
        database: { url: 'postgres://u:pw@h/db', migrationUrl: 'postgres://o:pw@h/db' },
        webhooks: { pagerdutySecrets: ['s'], runbookApiTokens: ['t'], adminApiTokens: ['a-t'] },
        ops: { backup: { hmacKeys: ['h-k'], s3: { accessKeyId: 'AKIDX', secretAccessKey: 's3-pw' } } },
      },
    });
    expect(JSON.stringify(lines[0])).not.toMatch(/-secret|pw@|"s"|"t"|a-t|h-k|AKIDX|s3-pw/);
  });
});
