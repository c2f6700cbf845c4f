import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractCommands, fillPlaceholders } from '../../../src/classifier/corpus/extract-commands.js';
import { scanCommand } from '../../../src/classifier/index.js';
import { markdownFiles, sharedRoot } from './support/corpus.js';

/**
 * Every command in the real runbooks (test/fixtures/shared/runbooks-real). Unknown verdicts mean an
 * approval for a command nobody could classify: approval fatigue. The figure is reported in
 * docs/classifier.md; `npx tsx bench/classify.ts --runbooks-real` prints it.
 */
describe('commands in test/fixtures/shared/runbooks-real', () => {
  const commands = markdownFiles(join(sharedRoot, 'runbooks-real')).flatMap((file) =>
    extractCommands(readFileSync(file, 'utf8')).map((c) => ({ file, cmd: fillPlaceholders(c.command) })),
  );
  const verdicts = commands.map((c) => ({ ...c, level: scanCommand(c.cmd).level }));

  it('extracts the runbooks’ commands', () => {
    expect(commands.length).toBeGreaterThan(80);
  });

  it('leaves at most 5% of them unknown', () => {
    const unknown = verdicts.filter((v) => v.level === 'unknown');
    expect(unknown.length / verdicts.length).toBeLessThanOrEqual(0.05);
  });

  it('finds the destructive ones', () => {
    const dangerous = verdicts.filter((v) => v.level === 'dangerous').map((v) => v.cmd);
    expect(dangerous).toContain('kubectl delete pod -l k8s-app=kube-proxy -n kube-system');
  });
});
