/** Decoders for the quoting forms that hide text: $'…', echo -e, printf. */

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/**
 * Decodes backslash escapes as bash does for $'…' (and, with `octalNeedsZero`, as `echo -e`
 * and printf's %b do: octal is written \0NNN there).
 */
export function decodeBackslashEscapes(text: string, octalNeedsZero = false): string {
  if (!text.includes('\\')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '\\' || i + 1 >= text.length) {
      out += ch;
      continue;
    }
    const next = text[i + 1]!;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    if (next === 'x') {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2, i + 4));
      if (hex) {
        out += String.fromCharCode(Number.parseInt(hex[0], 16));
        i += 1 + hex[0].length;
        continue;
      }
    }
    if (next === 'u' || next === 'U') {
      const hex = /^[0-9a-fA-F]{1,8}/.exec(text.slice(i + 2, i + (next === 'u' ? 6 : 10)));
      if (hex) {
        const code = Number.parseInt(hex[0], 16);
        out += code <= 0x10ffff ? String.fromCodePoint(code) : '';
        i += 1 + hex[0].length;
        continue;
      }
    }
    if (next === 'c' && i + 2 < text.length) {
      out += String.fromCharCode(text.charCodeAt(i + 2) & 0x1f);
      i += 2;
      continue;
    }
    const octalStart = octalNeedsZero ? (next === '0' ? i + 2 : -1) : /[0-7]/.test(next) ? i + 1 : -1;
    if (octalStart >= 0) {
      const oct = /^[0-7]{0,3}/.exec(text.slice(octalStart, octalStart + 3))![0];
      out += String.fromCharCode(Number.parseInt(oct || '0', 8) & 0xff);
      i = octalStart + oct.length - 1;
      continue;
    }
    out += `\\${next}`;
    i++;
  }
  return out;
}

/** Removes backslash escapes inside double quotes: only \\ \" \$ \` and backslash-newline are special. */
export function unescapeDoubleQuoted(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\([\\"$`\n])/g, (_m, c: string) => (c === '\n' ? '' : c));
}

/** Removes backslash escapes in an unquoted word: every \x is x; backslash-newline disappears. */
export function unescapeUnquoted(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\([\s\S])/g, (_m, c: string) => (c === '\n' ? '' : c));
}

/**
 * printf's output for a static format and arguments, or null when it uses conversions the
 * scanner does not model. Handles %s, %b, %c, %d/%i and %%.
 */
export function evaluatePrintf(format: string, args: readonly string[]): string | null {
  let out = '';
  let argIndex = 0;
  let guard = 0;
  do {
    for (let i = 0; i < format.length; i++) {
      const ch = format[i]!;
      if (ch === '\\') {
        const token = /^\\(?:x[0-9a-fA-F]{1,2}|[0-7]{1,3}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[\s\S])?/.exec(
          format.slice(i),
        )![0];
        out += decodeBackslashEscapes(token);
        i += token.length - 1;
        continue;
      }
      if (ch !== '%') {
        out += ch;
        continue;
      }
      const spec = /^%[-+ #0]*\d*(?:\.\d+)?([sbcdi%])/.exec(format.slice(i));
      if (!spec) return null;
      i += spec[0].length - 1;
      const conv = spec[1]!;
      if (conv === '%') {
        out += '%';
        continue;
      }
      const arg = args[argIndex++] ?? '';
      if (conv === 's') out += arg;
      else if (conv === 'b') out += decodeBackslashEscapes(arg, true);
      else if (conv === 'c') out += arg.slice(0, 1);
      else out += String(Number.parseInt(arg || '0', 10) || 0);
    }
    guard++;
  } while (argIndex > 0 && argIndex < args.length && guard < 64);
  return out;
}
