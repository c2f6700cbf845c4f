import { CONTEXT_RULES_AFTER_TOKENS, CONTEXT_RULES_BEFORE_TOKENS } from './redact-context.js';
import { ENTROPY_RULE } from './redact-entropy.js';
import type { LineRule, RedactMode } from './redact-keys.js';
import { LOWERCASE_TOKEN_PREFIXES, TOKEN_RULES } from './redact-tokens.js';

/**
 * Every single-line rule, in the order they run: URL user info and AWS secrets (before the
 * key-id shape hides the clue), vendor token shapes, headers, flags, .netrc and key names,
 * and last the random-looking long token that nothing else explained.
 */
export const RULES: LineRule[] = [
  ...CONTEXT_RULES_BEFORE_TOKENS,
  ...TOKEN_RULES,
  ...CONTEXT_RULES_AFTER_TOKENS,
  ENTROPY_RULE,
];

function applyEach(rules: LineRule[], line: string, mode: RedactMode): string {
  let out = line;
  for (const rule of rules) {
    if (rule.hint.test(out)) out = rule.apply(out, mode);
  }
  return out;
}

/** Every rule, without the pre-checks: the reference the pre-checks must agree with (tests). */
export const applyEveryRule = (line: string, mode: RedactMode): string => applyEach(RULES, line, mode);

/** Runs the rule groups a line can match (see mayHoldSecret), in RULES order. */
export function applyLineRules(line: string, mode: RedactMode): string {
  const words = CONTEXT_WORDS.test(line);
  const tokens = hasLongRun(line) || LOWERCASE_TOKEN_PREFIXES.test(line);
  let out = line;
  if (words || tokens) out = applyEach(CONTEXT_RULES_BEFORE_TOKENS, out, mode);
  if (tokens) out = applyEach(TOKEN_RULES, out, mode);
  if (words) out = applyEach(CONTEXT_RULES_AFTER_TOKENS, out, mode);
  if (tokens) out = applyEach([ENTROPY_RULE], out, mode);
  return out;
}

/**
 * A quick test that a text could hold something a rule catches, so ordinary output skips the
 * rules. Every context rule needs one of CONTEXT_WORDS (keep it in step with their hints); a token shape that may lack a capital
 * letter starts with one of LOWERCASE_TOKEN_PREFIXES; every other token shape, and every
 * random-looking token, is a run of 16+ token characters with a capital in it. Each check is
 * linear with a small constant.
 */
const CONTEXT_WORDS =
  /pass|pwd|secret|token|key|auth|sig|cred|bearer|cookie|account|curl|user|mysql|mariadb|mongo|redis|ldap|smb|login|BEGIN|data|:\/\//i;

const TOKEN_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+/=.~-')
  TOKEN_CHAR[c.charCodeAt(0)] = 1;

export const MIN_TOKEN_RUN = 16;

/**
 * True when `text` has a run of at least `min` token characters with a capital letter in it
 * (a loop beats a regex here: paths and query strings are long runs too, but lower-case).
 */
export function hasLongRun(text: string, min = MIN_TOKEN_RUN): boolean {
  let run = 0;
  let capital = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128 && TOKEN_CHAR[c] === 1) {
      run++;
      if (c >= 65 && c <= 90) capital = true;
      if (run >= min && capital) return true;
    } else {
      run = 0;
      capital = false;
    }
  }
  return false;
}

export const mayHoldSecret = (text: string): boolean =>
  CONTEXT_WORDS.test(text) || LOWERCASE_TOKEN_PREFIXES.test(text) || hasLongRun(text);
