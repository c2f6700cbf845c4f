import {
  type LlmOpinion,
  type MergedVerdict,
  type MergeRuleId,
  RISK_LEVELS,
  type RiskLevel,
  type ScanVerdict,
  SEVERITY,
} from './types.js';

/** Below this confidence the LLM's level is raised one step (see escalate). */
export const CONFIDENCE_THRESHOLD = 0.9;

/**
 * One step up for a hesitant opinion, along the severity order safe → caution → unknown.
 * A hesitant "caution" means the model cannot say how far the change reaches, which is what
 * unknown means; a hesitant "unknown" stays unknown (doubt about doubt adds nothing) and
 * dangerous is already the top. Decision 0005 has the table.
 */
export function escalate(level: RiskLevel): RiskLevel {
  if (level === 'safe') return 'caution';
  if (level === 'caution') return 'unknown';
  return level;
}

function isOpinion(value: unknown): value is LlmOpinion {
  if (!value || typeof value !== 'object' || 'error' in value) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.level === 'string' &&
    (RISK_LEVELS as readonly string[]).includes(v.level) &&
    typeof v.confidence === 'number' &&
    Number.isFinite(v.confidence) &&
    v.confidence >= 0 &&
    v.confidence <= 1 &&
    typeof v.reasoning === 'string' &&
    (v.suggestedRollback === null || typeof v.suggestedRollback === 'string')
  );
}

function worst(a: RiskLevel, b: RiskLevel): RiskLevel {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/**
 * Combines the scanner's verdict with the LLM's second opinion. Hard rules, in order:
 * 1. No usable opinion (missing, failed, malformed): the scanner's verdict stands.
 * 2. The scanner's level is a floor: the LLM can raise it, never lower it.
 * 3. An opinion with confidence below 0.9 counts one step higher (escalate()).
 * So the result is safe only when both say safe and the LLM is confident, and unknown
 * never becomes safe.
 */
export function mergeVerdicts(scanner: ScanVerdict, llm: LlmOpinion | null | { error: string }): MergedVerdict {
  const scannerRuleIds = [...new Set(scanner.reasons.map((r) => r.ruleId))];
  const base = { scannerLevel: scanner.level, scannerRuleIds };
  if (!isOpinion(llm)) {
    return {
      ...base,
      level: scanner.level,
      rule: 'merge.llm-unavailable',
      llmLevel: null,
      llmConfidence: null,
      llmReasoning: null,
      suggestedRollback: null,
    };
  }
  const hesitant = llm.confidence < CONFIDENCE_THRESHOLD;
  const effective = hesitant ? escalate(llm.level) : llm.level;
  const level = worst(scanner.level, effective);
  let rule: MergeRuleId;
  if (level === 'safe') rule = 'merge.both-safe';
  else if (SEVERITY[level] === SEVERITY[scanner.level]) rule = 'merge.scanner-floor';
  else if (effective !== llm.level && level === effective) rule = 'merge.llm-low-confidence-raised';
  else rule = 'merge.llm-raised';
  return {
    ...base,
    level,
    rule,
    llmLevel: llm.level,
    llmConfidence: llm.confidence,
    llmReasoning: llm.reasoning,
    suggestedRollback: llm.suggestedRollback,
  };
}
