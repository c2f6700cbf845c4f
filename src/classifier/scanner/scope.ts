import type { ScriptSource } from '../rules/rule.js';
import type { RiskLevel, Span } from '../types.js';
import type { ScanBudget } from './budget.js';
import type { SyntaxNode } from './parser.js';
import type { ProducedText } from './producer.js';

/** One classified fact about a segment; becomes a Reason in the verdict. */
export interface Finding {
  level: RiskLevel;
  ruleId: string;
  message: string;
  segment: string;
  span: Span;
  target: string | null;
}

/** State shared by a scan and all its nested scans. */
export interface ScanState {
  /** The command as the caller gave it; every span points into it. */
  readonly original: string;
  readonly maxDepth: number;
  /** Deterministic work limits (see budget.ts). */
  readonly budget: ScanBudget;
  /** The text holds runbook placeholders, masked before parsing (see placeholders.ts). */
  readonly hasPlaceholders: boolean;
  /**
   * The mutually recursive parts of the walk (a script holds invocations whose payloads are
   * scripts; a word holds substitutions whose output is a word), handed in by scan.ts so
   * the modules do not import each other in a cycle.
   */
  readonly recurse: {
    walkScript(state: ScanState, source: ScriptSource, depth: number): Finding[];
    analyseSubstitution(node: SyntaxNode, scope: ScriptScope): ProducedText;
  };
}

/**
 * One script being walked: the top-level command, or a nested one (`bash -c '…'`,
 * `ssh host '…'`, a heredoc fed to a shell). Its spans are local and mapped to the original.
 */
export interface ScriptScope {
  readonly state: ScanState;
  readonly text: string;
  readonly depth: number;
  /** Maps a local offset to the original text, or null when the script is not a verbatim slice. */
  readonly offsetBase: number | null;
  /** The span to report when offsets cannot be mapped (the word that held the script). */
  readonly fallbackSpan: Span;
  /** The script runs once per item of a run-time list (`xargs sh -c '…'`). */
  readonly fanOut: boolean;
  /** Variables assigned once, statically, at top level: name → value and where the assignment ends. */
  readonly variables: ReadonlyMap<string, { value: string; after: number }>;
  /** Variables that take many values at run time (loop variables over run-time lists, `read`). */
  readonly iterated: ReadonlySet<string>;
  /** Functions defined so far in this script (and the script it is nested in): name → body. */
  readonly functions: Map<string, FunctionBody>;
  /** Names of the functions whose bodies are being walked (fork-bomb detection). */
  readonly functionStack: string[];
}

/** A function's body as a script of its own, ready to be walked again for each call. */
export interface FunctionBody {
  text: string;
  offsetBase: number | null;
  span: Span;
}

export function mapSpan(scope: ScriptScope, start: number, end: number): Span {
  if (scope.offsetBase === null) return scope.fallbackSpan;
  return { start: scope.offsetBase + start, end: scope.offsetBase + end };
}

export function mapOffset(scope: ScriptScope, local: number): number | null {
  return scope.offsetBase === null ? null : scope.offsetBase + local;
}
