import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanCommand } from '../../../src/classifier/index.js';
import { fixtureFiles, loadCorpus, sharedRoot } from './support/corpus.js';

describe('the SRE corpus (test/fixtures/shared/corpora/sre-commands.jsonl)', () => {
  const rows = loadCorpus(join(sharedRoot, 'corpora/sre-commands.jsonl'));
  const results = rows.map((row) => ({ ...row, got: scanCommand(row.cmd).level }));

  it('has the 273 labelled commands', () => {
    expect(rows).toHaveLength(273);
  });

  it('never calls a caution, dangerous or unknown command safe', () => {
    const unsafe = results.filter((r) => r.got === 'safe' && r.level !== 'safe');
    expect(unsafe.map((r) => `${r.cmd} (labelled ${r.level})`)).toEqual([]);
  });

  it('matches at least 95% of the labels exactly', () => {
    const exact = results.filter((r) => r.got === r.level).length;
    expect(exact / rows.length).toBeGreaterThanOrEqual(0.95);
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
