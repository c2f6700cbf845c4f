import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanCommand } from '../../../src/classifier/index.js';
import { fixtureFiles, loadCorpus, sharedRoot } from './support/corpus.js';
import { corpusFigures } from './support/figures.js';

describe('the SRE corpus (test/fixtures/shared/corpora/sre-commands.jsonl)', () => {
  const rows = loadCorpus(join(sharedRoot, 'corpora/sre-commands.jsonl'));
  const results = rows.map((row) => ({ ...row, got: scanCommand(row.cmd).level }));
  const figures = corpusFigures(rows, (cmd) => scanCommand(cmd).level);

  it('has the 273 labelled commands', () => {
    expect(rows).toHaveLength(273);
  });

  it('never calls a caution, dangerous or unknown command safe', () => {
    expect(figures.harmfulSafe).toEqual([]);
  });

  // Each row is also a test below; this figure is checked on its own (see holdout.test.ts).
  it('matches at least 95% of the labels exactly', () => {
    expect(figures.exactShare).toBeGreaterThanOrEqual(0.95);
  });

  it.each(results)('$level: $cmd', ({ level, got }) => {
    expect(got).toBe(level);
  });
});

describe.each(fixtureFiles().map((file) => [basename(file), file]))('fixture corpus %s', (_name, file) => {
  const rows = loadCorpus(file);

  it('has no duplicate commands', () => {
    expect(new Set(rows.map((r) => r.cmd)).size).toBe(rows.length);
  });

  it.each(rows)('$level: $cmd', ({ cmd, level }) => {
    expect(scanCommand(cmd).level).toBe(level);
  });
});
