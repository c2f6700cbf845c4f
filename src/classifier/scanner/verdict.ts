import type { Reason, ScanVerdict } from '../types.js';
import { bySeverity } from './levels.js';
import { restorePlaceholders } from './placeholders.js';
import type { Finding } from './scope.js';

/** Turns findings into the verdict: most severe first, duplicates dropped, never empty. */
export function buildVerdict(findings: readonly Finding[], original: string, restore = false): ScanVerdict {
  const seen = new Set<string>();
  const reasons: Reason[] = [];
  for (const f of [...findings].sort(bySeverity)) {
    const key = `${f.ruleId}|${f.span.start}|${f.span.end}|${f.level}`;
    if (seen.has(key)) continue;
    seen.add(key);
    reasons.push({
      ruleId: f.ruleId,
      level: f.level,
      message: restore ? restorePlaceholders(f.message) : f.message,
      segment: restore ? restorePlaceholders(f.segment) : f.segment,
      span: clampSpan(f.span, original.length),
      target: restore && f.target ? restorePlaceholders(f.target) : f.target,
    });
  }
  if (reasons.length === 0) {
    reasons.push({
      ruleId: 'input.empty',
      level: 'unknown',
      message: 'There is no command here to classify.',
      segment: original,
      span: { start: 0, end: original.length },
      target: null,
    });
  }
  const deciding = reasons[0]!;
  const target =
    deciding.level === 'safe'
      ? null
      : (deciding.target ?? reasons.find((r) => r.level === deciding.level && r.target)?.target ?? null);
  return { level: deciding.level, reasons, deciding, target };
}

function clampSpan(span: { start: number; end: number }, length: number): { start: number; end: number } {
  const start = Math.max(0, Math.min(span.start, length));
  return { start, end: Math.max(start, Math.min(span.end, length)) };
}
