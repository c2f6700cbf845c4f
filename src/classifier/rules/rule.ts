import type { Invocation, Stdin } from '../scanner/invocation.js';
import type { Finding, FunctionBody } from '../scanner/scope.js';
import type { Word } from '../scanner/word.js';
import type { RiskLevel, Span } from '../types.js';

/** A script held in a word or heredoc, to be scanned as shell (`bash -c`, `ssh host '…'`). */
export interface ScriptSource {
  text: string;
  /** Offset of text[0] in the original command when the text is a verbatim slice of it. */
  offsetBase: number | null;
  /** Where to point reasons when offsets cannot be mapped. */
  fallbackSpan: Span;
  /** What the script's first commands read on stdin (default: the terminal). */
  stdin?: Stdin | undefined;
  /** The script runs once per item of a run-time list (xargs, find -exec). */
  fanOut?: boolean | undefined;
  /** Functions the script can call (a function body walked for one call sees its siblings). */
  functions?: ReadonlyMap<string, FunctionBody> | undefined;
  /** Functions whose bodies are being walked, to spot self-calls. */
  functionStack?: readonly string[] | undefined;
}

/** What rules may ask of the scanner: classify nested scripts and payload commands. */
export interface RuleContext {
  scanScript(source: ScriptSource): Finding[];
  /** Classifies words as a command of their own (the payload of sudo, timeout, xargs …). */
  scanArgv(words: Word[], options?: { fanOut?: boolean; stdin?: Stdin }): Finding[];
}

/** One tool family's classifier: always returns at least one finding. */
export type Rule = (inv: Invocation, ctx: RuleContext) => Finding[];

export type RuleTable = Readonly<Record<string, Rule>>;

export interface FindingOptions {
  target?: string | null;
  /**
   * Point at a span other than the command's (a redirect, an unmappable nested script).
   * Words are accepted for readability at call sites but reasons always name the whole
   * command segment, so Slack can underline what runs.
   */
  at?: Word | Span | null;
}

export function finding(
  inv: Invocation,
  level: RiskLevel,
  ruleId: string,
  message: string,
  options: FindingOptions = {},
): Finding {
  const at = options.at;
  const span = at && !('raw' in at) ? at : null;
  return {
    level,
    ruleId,
    message,
    segment: inv.text,
    span: span ?? inv.span,
    target: options.target ?? null,
  };
}

/** Shorthands for the common one-finding answers. */
export const safe = (inv: Invocation, ruleId: string, message: string, options?: FindingOptions): Finding[] => [
  finding(inv, 'safe', ruleId, message, options),
];
export const caution = (inv: Invocation, ruleId: string, message: string, options?: FindingOptions): Finding[] => [
  finding(inv, 'caution', ruleId, message, options),
];
export const dangerous = (inv: Invocation, ruleId: string, message: string, options?: FindingOptions): Finding[] => [
  finding(inv, 'dangerous', ruleId, message, options),
];
export const unknown = (inv: Invocation, ruleId: string, message: string, options?: FindingOptions): Finding[] => [
  finding(inv, 'unknown', ruleId, message, options),
];

/** A verb table entry: the level and the sentence shown to people. */
export interface VerbRule {
  level: RiskLevel;
  message: string;
}

/** Builds a Map from `{ level: { verb: message } }`-shaped data, the form rule files use. */
export function verbTable(data: Partial<Record<RiskLevel, Record<string, string>>>): ReadonlyMap<string, VerbRule> {
  const map = new Map<string, VerbRule>();
  for (const [level, verbs] of Object.entries(data) as Array<[RiskLevel, Record<string, string>]>) {
    for (const [verb, message] of Object.entries(verbs)) map.set(verb, { level, message });
  }
  return map;
}

/** The most severe of several findings' levels. */
export { maxLevel } from '../scanner/levels.js';
