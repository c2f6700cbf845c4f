import type { Span } from '../types.js';
import type { Finding } from './scope.js';

/**
 * Deterministic work limits for one scan. A wall-clock deadline made verdicts depend on how
 * busy the host was; counting work instead means the same command always gets the same
 * verdict. When a budget runs out the walk stops, whatever was found so far is kept, and
 * the verdict gains an unknown `limit.<kind>` reason (so nothing unexamined is called safe;
 * decision 0025).
 */
export type BudgetKind = 'bytes' | 'nodes' | 'nesting';

export interface ScanBudget {
  /** Characters of shell text left to parse, nested scripts included. */
  bytesLeft: number;
  /** Syntax nodes the walker may still visit. */
  nodesLeft: number;
  /** Nested scans (`bash -c`, wrapper payloads, decoded scripts) still allowed. */
  nestedScansLeft: number;
  /** The first budget that ran out, or null. */
  exhausted: BudgetKind | null;
}

export interface BudgetLimits {
  maxParsedBytes: number;
  maxNodes: number;
  maxNestedScans: number;
}

export function createBudget(limits: BudgetLimits): ScanBudget {
  return {
    bytesLeft: limits.maxParsedBytes,
    nodesLeft: limits.maxNodes,
    nestedScansLeft: limits.maxNestedScans,
    exhausted: null,
  };
}

const FIELD: Record<BudgetKind, 'bytesLeft' | 'nodesLeft' | 'nestedScansLeft'> = {
  bytes: 'bytesLeft',
  nodes: 'nodesLeft',
  nesting: 'nestedScansLeft',
};

/** Spends `amount` of one budget; false (and the budget marked exhausted) when it does not fit. */
export function spend(budget: ScanBudget, kind: BudgetKind, amount: number): boolean {
  if (budget.exhausted) return false;
  const field = FIELD[kind];
  if (budget[field] < amount) {
    budget.exhausted = kind;
    return false;
  }
  budget[field] -= amount;
  return true;
}

const WHAT_RAN_OUT: Record<BudgetKind, string> = {
  bytes: 'it holds more shell text (nested scripts included) than the scanner examines',
  nodes: 'it has more syntax than the scanner examines in one command',
  nesting: 'it nests more scripts and payloads than the scanner examines',
};

export function budgetFinding(kind: BudgetKind, segment: string, span: Span): Finding {
  return {
    level: 'unknown',
    ruleId: `limit.${kind}`,
    message: `The rest of the command was not examined: ${WHAT_RAN_OUT[kind]}.`,
    segment,
    span,
    target: null,
  };
}
