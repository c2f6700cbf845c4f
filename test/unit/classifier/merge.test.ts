import { describe, expect, it } from 'vitest';
import { type LlmOpinion, mergeVerdicts, type RiskLevel, type ScanVerdict } from '../../../src/classifier/index.js';

function scanner(level: RiskLevel, ruleId = `test.${level}`): ScanVerdict {
  const reason = { ruleId, level, message: 'm', segment: 'cmd', span: { start: 0, end: 3 } };
  return {
    level,
    reasons: [reason, { ...reason, ruleId: 'test.other', level: 'safe' }],
    deciding: reason,
    target: null,
  };
}

function opinion(level: RiskLevel, confidence: number, suggestedRollback: string | null = null): LlmOpinion {
  return { level, confidence, reasoning: `looks ${level}`, suggestedRollback };
}

describe('mergeVerdicts', () => {
  // scanner × LLM level × LLM confidence → merged level and the rule that decided it.
  it.each([
    ['safe', 'safe', 0.95, 'safe', 'merge.both-safe'],
    ['safe', 'safe', 0.9, 'safe', 'merge.both-safe'],
    ['safe', 'safe', 0.89, 'caution', 'merge.llm-low-confidence-raised'],
    ['safe', 'caution', 0.95, 'caution', 'merge.llm-raised'],
    ['safe', 'caution', 0.5, 'unknown', 'merge.llm-low-confidence-raised'],
    ['safe', 'unknown', 0.95, 'unknown', 'merge.llm-raised'],
    ['safe', 'unknown', 0.2, 'unknown', 'merge.llm-raised'],
    ['safe', 'dangerous', 0.3, 'dangerous', 'merge.llm-raised'],
    ['caution', 'safe', 0.99, 'caution', 'merge.scanner-floor'],
    ['caution', 'safe', 0.5, 'caution', 'merge.scanner-floor'],
    ['caution', 'caution', 0.95, 'caution', 'merge.scanner-floor'],
    ['caution', 'caution', 0.6, 'unknown', 'merge.llm-low-confidence-raised'],
    ['caution', 'dangerous', 0.95, 'dangerous', 'merge.llm-raised'],
    ['unknown', 'safe', 0.99, 'unknown', 'merge.scanner-floor'],
    ['unknown', 'caution', 0.99, 'unknown', 'merge.scanner-floor'],
    ['unknown', 'caution', 0.5, 'unknown', 'merge.scanner-floor'],
    ['unknown', 'dangerous', 0.95, 'dangerous', 'merge.llm-raised'],
    ['dangerous', 'safe', 0.99, 'dangerous', 'merge.scanner-floor'],
    ['dangerous', 'unknown', 0.1, 'dangerous', 'merge.scanner-floor'],
  ] as const)('scanner %s + LLM %s @ %f → %s by %s', (scan, llm, confidence, level, rule) => {
    const merged = mergeVerdicts(scanner(scan), opinion(llm, confidence));
    expect(merged.level).toBe(level);
    expect(merged.rule).toBe(rule);
    expect(merged.scannerLevel).toBe(scan);
    expect(merged.llmLevel).toBe(llm);
    expect(merged.llmConfidence).toBe(confidence);
  });

  it('keeps the scanner verdict when the LLM is missing, failed or malformed', () => {
    const malformed = [
      null,
      { error: 'LLM timed out after 20000 ms' },
      { level: 'nuclear', confidence: 0.99, reasoning: 'x', suggestedRollback: null },
      { level: 'safe', confidence: 1.5, reasoning: 'x', suggestedRollback: null },
      { level: 'safe', confidence: Number.NaN, reasoning: 'x', suggestedRollback: null },
      { level: 'safe', confidence: 0.99 },
    ];
    for (const scan of ['safe', 'caution', 'unknown', 'dangerous'] as const) {
      for (const llm of malformed) {
        const merged = mergeVerdicts(scanner(scan), llm as LlmOpinion | null);
        expect(merged).toMatchObject({
          level: scan,
          rule: 'merge.llm-unavailable',
          llmLevel: null,
          llmConfidence: null,
          llmReasoning: null,
          suggestedRollback: null,
        });
      }
    }
  });

  it('never turns unknown into safe, whatever the LLM says', () => {
    for (const level of ['safe', 'caution', 'unknown', 'dangerous'] as const) {
      for (const confidence of [0, 0.5, 0.89, 0.9, 1]) {
        expect(mergeVerdicts(scanner('unknown'), opinion(level, confidence)).level).not.toBe('safe');
      }
    }
  });

  it('passes the LLM reasoning and rollback through, and the scanner rule ids once each', () => {
    const merged = mergeVerdicts(
      scanner('caution', 'kubectl.scale'),
      opinion('caution', 0.95, 'kubectl scale deploy/api --replicas=3'),
    );
    expect(merged.llmReasoning).toBe('looks caution');
    expect(merged.suggestedRollback).toBe('kubectl scale deploy/api --replicas=3');
    expect(merged.scannerRuleIds).toEqual(['kubectl.scale', 'test.other']);
  });
});
