/**
 * The classifier's public contract. Other features read only these types and the
 * functions exported from ./index.ts.
 */
export const RISK_LEVELS = ['safe', 'caution', 'dangerous', 'unknown'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Severity order used to keep the worst verdict: dangerous > unknown > caution > safe. */
export const SEVERITY: Record<RiskLevel, number> = { safe: 0, caution: 1, unknown: 2, dangerous: 3 };

export const LEVEL_EMOJI: Record<RiskLevel, string> = {
  safe: '🟢',
  caution: '🟡',
  dangerous: '🔴',
  unknown: '⬜',
};

/** Half-open UTF-16 offsets into the original command text. */
export interface Span {
  start: number;
  end: number;
}

export interface Reason {
  /** Stable rule id, e.g. `kubectl.get`, `redirect.system-path`, `sql.delete-without-where`. */
  ruleId: string;
  level: RiskLevel;
  /** One sentence a person on call can read. */
  message: string;
  /** The segment of the command this reason is about, as written. */
  segment: string;
  span: Span;
}

export interface ScanVerdict {
  level: RiskLevel;
  /** Every segment's reason, most severe first; never empty. */
  reasons: Reason[];
  /** The reason that decided the level (the first of `reasons`). */
  deciding: Reason;
  /**
   * The resource the deciding segment acts on, when the rules can name it
   * (a pod, a file path, a table, a host, a unit); null otherwise. A 🔴 approver types it.
   */
  target: string | null;
}
