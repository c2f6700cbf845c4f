import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanCommand } from '../../../src/classifier/index.js';
import type { RiskLevel } from '../../../src/classifier/types.js';
import { fixturesDir, loadCorpus } from './support/corpus.js';
import { corpusFigures } from './support/figures.js';

/**
 * The holdout sets (test/fixtures/commands/holdout-runbooks): commands written the way public
 * runbooks write them and labelled before the scanner saw them. They are not held to exact
 * labels row by row; the goal of issue 16 is at least 90% of the read-only ones safe and no
 * harmful one safe. `npx tsx bench/classify.ts --holdout` prints the figures and the misses.
 */
const holdoutDir = join(fixturesDir, 'holdout-runbooks');
const sets = readdirSync(holdoutDir).filter((f) => f.endsWith('.jsonl'));

describe.each(sets)('holdout set %s', (file) => {
  const figures = corpusFigures(loadCorpus(join(holdoutDir, file)), (cmd) => scanCommand(cmd).level);

  it('has several hundred commands', () => {
    expect(figures.rows).toBeGreaterThan(200);
  });

  it('calls no harmful command safe', () => {
    expect(figures.harmfulSafe).toEqual([]);
  });

  it('lets at least 90% of the read-only commands through as safe', () => {
    expect(figures.readOnlySafeShare).toBeGreaterThanOrEqual(0.9);
  });
});

describe('the aggregate corpus figures can fail on their own', () => {
  const rows = [
    ...Array.from({ length: 47 }, (_, i) => ({ cmd: `ls ${i}`, level: 'safe' as RiskLevel })),
    ...Array.from({ length: 53 }, (_, i) => ({ cmd: `rm -rf /srv/${i}`, level: 'dangerous' as RiskLevel })),
  ];

  it('counts a harmful command called safe', () => {
    expect(corpusFigures(rows, () => 'safe').harmfulSafe).toHaveLength(53);
  });

  it('falls below 90% read-only safe when reads come out unknown', () => {
    const figures = corpusFigures(rows, (cmd) => (cmd.startsWith('ls') && cmd !== 'ls 1' ? 'safe' : 'unknown'));
    expect(figures.readOnlySafeShare).toBeCloseTo(46 / 47);
    expect(corpusFigures(rows, () => 'unknown').readOnlySafeShare).toBeLessThan(0.9);
  });

  it('falls below 95% exact when six labels in a hundred are missed', () => {
    const figures = corpusFigures(rows, (cmd) =>
      ['ls 1', 'ls 2', 'ls 3', 'rm -rf /srv/1', 'rm -rf /srv/2', 'rm -rf /srv/3'].includes(cmd)
        ? 'unknown'
        : cmd.startsWith('ls')
          ? 'safe'
          : 'dangerous',
    );
    expect(figures.exactShare).toBeCloseTo(0.94);
    expect(figures.exactShare).toBeLessThan(0.95);
  });
});
