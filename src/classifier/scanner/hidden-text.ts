import type { Span } from '../types.js';
import type { Finding } from './scope.js';

/**
 * Characters that make bash read a command differently from how it looks: control
 * characters (`\r` hides what came before it on a terminal, NUL ends a C string, ANSI
 * escapes repaint the screen), bidi controls that reorder text, invisible characters,
 * spaces that are not separators to bash, and look-alikes of ASCII letters and punctuation.
 * A command holding any of them is unknown, and the reason shows them escaped (decision 0026).
 */
export interface HiddenCharacter {
  kind: 'control-character' | 'bidi-control' | 'invisible-character' | 'lookalike';
  /** The character as an escape (`\r`, `\x1b`, `\u202e`). */
  escaped: string;
  span: Span;
}

const NOT_PLAIN = /[^\t\n\x20-\x7e]/;

type Range = readonly [number, number];
const within = (code: number, ranges: readonly Range[]): boolean => ranges.some(([lo, hi]) => code >= lo && code <= hi);

const CONTROL: readonly Range[] = [
  [0x00, 0x08],
  [0x0b, 0x1f],
  [0x7f, 0x9f],
];
const BIDI: readonly Range[] = [
  [0x061c, 0x061c],
  [0x200e, 0x200f],
  [0x202a, 0x202e],
  [0x2066, 0x2069],
];
const INVISIBLE: readonly Range[] = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x115f, 0x1160],
  [0x180e, 0x180e],
  [0x200b, 0x200d],
  [0x2060, 0x2064],
  [0x3164, 0x3164],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xe000, 0xf8ff],
  [0xe0000, 0xe007f],
];
/** Spaces bash does not split on, and punctuation that looks like `-`, quotes, `/`, `.` or ASCII. */
const LOOKALIKE_PUNCTUATION: readonly Range[] = [
  [0x00a0, 0x00a0],
  [0x00b4, 0x00b4],
  [0x01c0, 0x01c0],
  [0x02b9, 0x02dd],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2010, 0x2015],
  [0x2018, 0x201f],
  [0x2024, 0x2024],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x2032, 0x2037],
  [0x2044, 0x2044],
  [0x205f, 0x205f],
  [0x2212, 0x2212],
  [0x2215, 0x2215],
  [0x2223, 0x2223],
  [0x29f8, 0x29f8],
  [0x3000, 0x3000],
  [0xfe58, 0xfe58],
  [0xfe63, 0xfe63],
  [0xff01, 0xff5e],
];
/** Letters that pass for Latin ones: suspicious when mixed into a word with ASCII letters (`сurl`). */
const LOOKALIKE_LETTER: readonly Range[] = [
  [0x0180, 0x02af],
  [0x0370, 0x03ff],
  [0x0400, 0x052f],
  [0x0530, 0x058f],
  [0x13a0, 0x13ff],
  [0x1d400, 0x1d7ff],
];

function kindOf(code: number, text: string, index: number): HiddenCharacter['kind'] | null {
  if (within(code, CONTROL)) return 'control-character';
  if (within(code, BIDI)) return 'bidi-control';
  if (within(code, INVISIBLE)) return 'invisible-character';
  if (within(code, LOOKALIKE_PUNCTUATION)) return 'lookalike';
  if (within(code, LOOKALIKE_LETTER) && wordHasAsciiLetter(text, index)) return 'lookalike';
  return null;
}

/** Every hidden character kind in the text, first occurrence of each (empty for plain ASCII). */
export function findHiddenCharacters(text: string, allowPlaceholders = false): HiddenCharacter[] {
  if (!NOT_PLAIN.test(text)) return [];
  const found = new Map<HiddenCharacter['kind'], HiddenCharacter>();
  const note = (kind: HiddenCharacter['kind'], index: number, length: number): void => {
    if (found.has(kind)) return;
    found.set(kind, {
      kind,
      escaped: escapeText(text.slice(index, index + length)),
      span: { start: index, end: index + length },
    });
  };
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    if (code === 9 || code === 10 || (code >= 0x20 && code <= 0x7e)) continue;
    const length = code > 0xffff ? 2 : 1;
    const placeholder = allowPlaceholders && code >= PLACEHOLDER_FIRST && code <= PLACEHOLDER_LAST;
    const kind = placeholder ? null : kindOf(code, text, i);
    if (kind) note(kind, i, length);
    i += length - 1;
  }
  return [...found.values()];
}

/** The placeholder sentinels (see placeholders.ts) live in the private-use area. */
const PLACEHOLDER_FIRST = 0xe000;
const PLACEHOLDER_LAST = 0xe003;

/**
 * A look-alike letter is suspicious when its word (split at blanks, quotes and shell
 * operators) mixes it with any ASCII character (`сurl`, `с-5`, `/еtc`, `с$`), or stands alone
 * (`с`); a word wholly in another script (`Привет`) is ordinary text.
 */
function wordHasAsciiLetter(text: string, index: number): boolean {
  const boundary = /[\s|&;()<>'"`]/;
  let start = index;
  while (start > 0 && !boundary.test(text[start - 1]!)) start--;
  let end = index;
  while (end < text.length && !boundary.test(text[end]!)) end++;
  const word = text.slice(start, end);
  return /[\x21-\x7e]/.test(word) || [...word].length === 1;
}

const NAMED_ESCAPES: Record<string, string> = {
  '\r': '\\r',
  '\v': '\\v',
  '\f': '\\f',
  '\0': '\\0',
  '\x1b': '\\e',
  '\b': '\\b',
};

/** Shows every character outside printable ASCII as an escape, so a reviewer sees it. */
export function escapeText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code === 10 || code === 9 || (code >= 0x20 && code <= 0x7e)) out += ch;
    else if (NAMED_ESCAPES[ch]) out += NAMED_ESCAPES[ch];
    else if (code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out;
}

export const HIDDEN_MESSAGES: Record<HiddenCharacter['kind'], string> = {
  'control-character': 'a control character',
  'bidi-control': 'a bidirectional-text control that reorders what is displayed',
  'invisible-character': 'an invisible character',
  lookalike: 'a character that looks like ASCII but is not (bash does not read it as the character it resembles)',
};

/**
 * Findings for hidden characters in a script. A nested script that is a verbatim slice of
 * the command was checked with it; one that is not (decoded, unescaped) is checked here,
 * where the placeholder sentinels are the scanner's own.
 */
export function hiddenTextFindings(
  text: string,
  where: { offsetBase: number | null; fallbackSpan: Span },
  allowPlaceholders = false,
): Finding[] {
  return findHiddenCharacters(text, allowPlaceholders).map((hidden) => ({
    level: 'unknown' as const,
    ruleId: `text.${hidden.kind}`,
    message: `The command contains ${HIDDEN_MESSAGES[hidden.kind]}: ${hidden.escaped}. What runs is not what is shown.`,
    segment: escapeText(text.slice(Math.max(0, hidden.span.start - 20), hidden.span.end + 20)),
    span:
      where.offsetBase === null
        ? where.fallbackSpan
        : { start: where.offsetBase + hidden.span.start, end: where.offsetBase + hidden.span.end },
    target: null,
  }));
}
