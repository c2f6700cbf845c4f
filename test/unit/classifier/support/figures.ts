import type { RiskLevel } from '../../../../src/classifier/types.js';

export interface Labelled {
  cmd: string;
  level: RiskLevel;
}

export interface CorpusFigures {
  rows: number;
  exactShare: number;
  /** Share of the rows labelled safe that came out safe. */
  readOnlySafeShare: number;
  /** Rows labelled anything but safe that came out safe. */
  harmfulSafe: string[];
}

/** The aggregate figures the corpus tests hold the scanner to, for any scanner. */
export function corpusFigures(rows: readonly Labelled[], scan: (cmd: string) => RiskLevel): CorpusFigures {
  const results = rows.map((r) => ({ ...r, got: scan(r.cmd) }));
  const reads = results.filter((r) => r.level === 'safe');
  return {
    rows: rows.length,
    exactShare: rows.length === 0 ? 0 : results.filter((r) => r.got === r.level).length / rows.length,
    readOnlySafeShare: reads.length === 0 ? 0 : reads.filter((r) => r.got === 'safe').length / reads.length,
    harmfulSafe: results.filter((r) => r.level !== 'safe' && r.got === 'safe').map((r) => r.cmd),
  };
}
