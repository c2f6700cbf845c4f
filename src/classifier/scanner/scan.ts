import type { ScanOptions, ScanVerdict } from '../types.js';
import { budgetFinding, createBudget } from './budget.js';
import { hiddenTextFindings } from './hidden-text.js';
import { type Masked, maskPlaceholders } from './placeholders.js';
import { analyseSubstitution } from './producer.js';
import type { Finding, ScanState } from './scope.js';
import { buildVerdict } from './verdict.js';
import { walkScript } from './walk.js';
import { classifyWrite } from './write-target.js';

export const DEFAULT_MAX_INPUT_LENGTH = 16 * 1024;
export const DEFAULT_MAX_DEPTH = 8;
/** Shell text parsed in one scan, nested scripts included (decoded payloads can grow). */
export const DEFAULT_MAX_PARSED_BYTES = 64 * 1024;
/** Syntax nodes visited in one scan: far above any real command, well below a slow scan. */
export const DEFAULT_MAX_NODES = 20_000;
/** Nested scans (`bash -c`, wrapper payloads, scripts in heredocs) in one scan. */
export const DEFAULT_MAX_NESTED_SCANS = 256;

/**
 * Classifies a shell command without running it. Synchronous and deterministic: the same
 * text and options always give the same verdict, however busy the host is.
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
  const masked = maskPlaceholders(cmd);
  const state: ScanState = {
    original: cmd,
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    budget: createBudget({
      maxParsedBytes: options.maxParsedBytes ?? DEFAULT_MAX_PARSED_BYTES,
      maxNodes: options.maxNodes ?? DEFAULT_MAX_NODES,
      maxNestedScans: options.maxNestedScans ?? DEFAULT_MAX_NESTED_SCANS,
    }),
    hasPlaceholders: masked.found,
    recurse: { walkScript, analyseSubstitution },
  };
  const whole = { start: 0, end: cmd.length };
  const findings = [
    ...gluedPathFindings(masked.gluedPaths, cmd),
    ...hiddenTextFindings(cmd, { offsetBase: 0, fallbackSpan: whole }),
    ...walkScript(state, { text: masked.text, offsetBase: 0, fallbackSpan: whole }, 0),
  ];
  if (state.budget.exhausted) findings.push(budgetFinding(state.budget.exhausted, cmd.slice(0, 80), whole));
  return buildVerdict(findings, cmd, masked.found);
}

/**
 * `cat <dir>/etc/passwd`: read as a placeholder it is a read, but pasted as written bash
 * writes /etc/passwd. Both readings count when the path written would be dangerous (0024).
 */
function gluedPathFindings(glued: Masked['gluedPaths'], cmd: string): Finding[] {
  return glued.flatMap(({ path, start, end }) => {
    const verdict = classifyWrite(path, 'overwrite', 'placeholder');
    if (verdict?.level !== 'dangerous') return [];
    return [
      {
        level: 'dangerous' as const,
        ruleId: 'placeholder.glued-redirect',
        message: `Pasted as written, bash reads ${cmd.slice(start, end)} as redirections: ${verdict.message}`,
        segment: cmd.slice(start, end),
        span: { start, end },
        target: path,
      },
    ];
  });
}
