import type { ScanOptions, ScanVerdict } from '../types.js';
import { analyseSubstitution } from './producer.js';
import type { ScanState } from './scope.js';
import { excludedSoFar } from './time-budget.js';
import { buildVerdict } from './verdict.js';
import { walkScript } from './walk.js';

export const DEFAULT_MAX_INPUT_LENGTH = 16 * 1024;
export const DEFAULT_MAX_DEPTH = 8;
export const DEFAULT_DEADLINE_MS = 100;

/**
 * Classifies a shell command without running it. Synchronous and deterministic (apart from
 * the deadline): the same text always gives the same verdict.
 */
export function scanCommand(cmd: string, options: ScanOptions = {}): ScanVerdict {
  const maxLength = options.maxInputLength ?? DEFAULT_MAX_INPUT_LENGTH;
  if (cmd.length > maxLength) {
    return buildVerdict(
      [
        {
          level: 'unknown',
          ruleId: 'limit.size',
          message: `The command is longer than ${maxLength} characters; it is not examined.`,
          segment: cmd.slice(0, 80),
          span: { start: 0, end: cmd.length },
          target: null,
        },
      ],
      cmd,
    );
  }
  const budgetMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const state: ScanState = {
    original: cmd,
    deadline: performance.now() + budgetMs,
    budgetMs,
    cpuAtStart: process.cpuUsage(),
    excludedAtStart: excludedSoFar(),
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    deadlineHit: false,
    recurse: { walkScript, analyseSubstitution },
  };
  const findings = walkScript(state, { text: cmd, offsetBase: 0, fallbackSpan: { start: 0, end: cmd.length } }, 0);
  return buildVerdict(findings, cmd);
}
