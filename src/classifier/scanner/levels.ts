import { type RiskLevel, SEVERITY } from '../types.js';

export function maxLevel(...levels: RiskLevel[]): RiskLevel {
  let worst: RiskLevel = 'safe';
  for (const level of levels) if (SEVERITY[level] > SEVERITY[worst]) worst = level;
  return worst;
}

export function levelOf(findings: ReadonlyArray<{ level: RiskLevel }>): RiskLevel {
  return maxLevel(...findings.map((f) => f.level));
}

/** Severity order for sorting, most severe first. */
export function bySeverity(a: { level: RiskLevel }, b: { level: RiskLevel }): number {
  return SEVERITY[b.level] - SEVERITY[a.level];
}
