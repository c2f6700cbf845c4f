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
  /** What this segment acts on, when the rule can name it (addition; see ScanVerdict.target). */
  target?: string | null;
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

// ---------------------------------------------------------------------------
// Additions (the fields above are the fixed contract).

export interface ScanOptions {
  /** Inputs longer than this many UTF-16 code units are unknown without parsing. Default 16,384. */
  maxInputLength?: number;
  /**
   * Nesting (`bash -c`, `ssh host '…'`, `$(…)` payloads) deeper than this is unknown. Default 8.
   * Every limit is a count, never a clock: the same command always gets the same verdict, and
   * what was found before a limit was reached is kept (a limit only adds an unknown reason).
   */
  maxDepth?: number;
  /** Characters of shell text parsed in one scan, nested scripts included. Default 65,536. */
  maxParsedBytes?: number;
  /** Syntax nodes visited in one scan. Default 20,000. */
  maxNodes?: number;
  /** Nested scans (`bash -c`, wrapper payloads, heredocs fed to shells) in one scan. Default 256. */
  maxNestedScans?: number;
}

/** The LLM's second opinion, as the model returned it (validated by zod). */
export interface LlmOpinion {
  level: RiskLevel;
  /** 0..1 */
  confidence: number;
  reasoning: string;
  suggestedRollback: string | null;
}

/** Stable ids of the merge rules in ./merge.ts; the audit log records which one decided. */
export type MergeRuleId =
  | 'merge.llm-unavailable'
  | 'merge.both-safe'
  | 'merge.scanner-floor'
  | 'merge.llm-raised'
  | 'merge.llm-low-confidence-raised';

export interface MergedVerdict {
  level: RiskLevel;
  rule: MergeRuleId;
  scannerLevel: RiskLevel;
  llmLevel: RiskLevel | null;
  llmConfidence: number | null;
  llmReasoning: string | null;
  suggestedRollback: string | null;
  scannerRuleIds: string[];
}
