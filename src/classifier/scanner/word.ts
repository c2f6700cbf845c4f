import type { Span } from '../types.js';

/** A shell word after quote removal, with what the scanner could and could not resolve. */
export interface Word {
  /** The word as written. */
  raw: string;
  /** Value after quote removal and resolvable expansions; null when any part is only known at run time. */
  value: string | null;
  /** Where the word sits in the original command (UTF-16 offsets). */
  span: Span;
  /** Absolute offset of value[0] when the value is a verbatim slice of the original text. */
  valueOffset: number | null;
  /** Contains `$(…)`, backticks or `<(…)`: may expand to any number of words. */
  hasSubstitution: boolean;
  /** Contains a parameter expansion the scanner could not resolve. */
  hasVariable: boolean;
  /** Contains an unquoted glob (`*`, `?`, `[…]`) or brace expansion. */
  hasGlob: boolean;
  /** Refers to $IFS, the classic word-splitting obfuscation. */
  usesIfs: boolean;
  /** Static text of substitutions' producers when known ('remote', 'decoded', …), for `sh -c "$(curl …)"`. */
  substitutionOrigins: SubstitutionOrigin[];
  /**
   * When the only unknowns are variables and runbook placeholders: the value with each of
   * them left as a placeholder sentinel (see placeholders.ts), so text payloads (SQL) can
   * still be read around them. Absent otherwise.
   */
  template?: string | undefined;
}

export type SubstitutionOrigin = 'remote' | 'decoded' | 'local' | 'unknown';

/** A word made up by the scanner (an option's value split from `--opt=value`). */
export function sliceWord(word: Word, from: number): Word {
  const value = word.value === null ? null : word.value.slice(from);
  return {
    ...word,
    raw: word.raw.slice(Math.min(from, word.raw.length)),
    value,
    valueOffset: word.valueOffset === null ? null : word.valueOffset + from,
    template: word.template?.slice(from),
    span: word.valueOffset === null ? word.span : { start: word.valueOffset + from, end: word.span.end },
  };
}

/** Value for display and targets: the static value, or the text as written. */
export function displayOf(word: Word): string {
  return word.value ?? word.raw;
}

export function isStatic(word: Word): word is Word & { value: string } {
  return word.value !== null;
}
