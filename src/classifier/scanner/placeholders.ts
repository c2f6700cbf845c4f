/**
 * Runbook placeholders (`<pod-name>`, `{{ namespace }}`) are values an on-call engineer fills
 * in before the step runs (the runbook compiler turns them into variables), so the scanner
 * reads them like unset variables: a value known only at run time, never shell syntax.
 * `<pod>` pasted into bash would be two redirections; read that way, `oc get pod <pod> -o
 * yaml` would "write the file -o".
 *
 * The text is masked before parsing: the placeholder's `<`, `>`, `{`, `}` and inner blanks
 * become private-use sentinels of the same length, so offsets into the original are kept
 * and tree-sitter sees one ordinary word. A word whose value holds a sentinel is dynamic
 * (resolve-word.ts), and everything shown to people is restored first (decision 0024).
 */

const OPEN_ANGLE = '\ue000';
const CLOSE_ANGLE = '\ue001';
const OPEN_BRACE = '\ue002';
const CLOSE_BRACE = '\ue003';
const BLANK = '\ue004';

/** The same forms the runbook compiler recognises (src/runbooks/compile/shell/variables.ts). */
const ANGLE = /(?<![<\w])<([A-Za-z][\w.-]*)>/g;
const MUSTACHE = /\{\{(\s*)([A-Za-z_][\w.-]*)(\s*)\}\}/g;
/** `--template='{{range .items}}…{{end}}'` is a Go template, not a placeholder. */
const GO_TEMPLATE = /\{\{-?\s*(?:\.|range\b|if\b|with\b|"|printf\b|println\b|define\b|template\b|block\b)/;
const TEMPLATE_WORDS = new Set([
  'end',
  'else',
  'range',
  'if',
  'with',
  'define',
  'template',
  'block',
  'nil',
  'len',
  'index',
]);

export const SENTINEL = /[\ue000-\ue004]/;
const SENTINELS = /[\ue000-\ue004]/g;
const RESTORE: Record<string, string> = {
  [OPEN_ANGLE]: '<',
  [CLOSE_ANGLE]: '>',
  [OPEN_BRACE]: '{',
  [CLOSE_BRACE]: '}',
  [BLANK]: ' ',
};

export interface Masked {
  text: string;
  /** Whether any placeholder was found (callers skip restoring otherwise). */
  found: boolean;
  /**
   * Absolute paths glued to a placeholder's `>` (`<dir>/etc/passwd`): pasted as written, bash
   * would read `< dir > /etc/passwd` and overwrite the path. Offsets are of the placeholder.
   */
  gluedPaths: Array<{ path: string; start: number; end: number }>;
}

export function maskPlaceholders(text: string): Masked {
  if (!text.includes('<') && !text.includes('{{')) return { text, found: false, gluedPaths: [] };
  let found = false;
  const gluedPaths: Masked['gluedPaths'] = [];
  let masked = text.replace(ANGLE, (whole, name: string, offset: number) => {
    found = true;
    const glued = /^\/[^\s;|&<>()'"]*/.exec(text.slice(offset + whole.length))?.[0];
    if (glued) gluedPaths.push({ path: glued, start: offset, end: offset + whole.length + glued.length });
    return `${OPEN_ANGLE}${name}${CLOSE_ANGLE}`;
  });
  if (masked.includes('{{') && !GO_TEMPLATE.test(masked)) {
    masked = masked.replace(MUSTACHE, (whole, before: string, name: string, after: string) => {
      if (TEMPLATE_WORDS.has(name)) return whole;
      found = true;
      const blank = (s: string): string => BLANK.repeat(s.length);
      return `${OPEN_BRACE}${OPEN_BRACE}${blank(before)}${name}${blank(after)}${CLOSE_BRACE}${CLOSE_BRACE}`;
    });
  }
  return { text: masked, found, gluedPaths };
}

/** The text as the author wrote it. */
export function restorePlaceholders(text: string): string {
  return SENTINEL.test(text) ? text.replace(SENTINELS, (c) => RESTORE[c]!) : text;
}

/**
 * A SQL-friendly stand-in for each placeholder or variable in a template (`<table>` →
 * `ph_table`, `$ID` → `ph_ID`), so a statement with unknown values still parses, and the map
 * back to how each was written, for messages and targets.
 */
export function placeholdersAsIdentifiers(text: string): { text: string; shown: Map<string, string> } {
  const shown = new Map<string, string>();
  const name = (written: string, raw: string): string => {
    const id = `ph_${raw.replace(/\W/g, '_')}`;
    shown.set(id, written);
    return id;
  };
  const out = text
    .replace(/\ue000(\$?)([\w.-]*)\ue001/g, (_m, dollar: string, raw: string) =>
      name(dollar ? `$${raw}` : `<${raw}>`, raw),
    )
    .replace(/\ue002\ue002\ue004*([\w.-]*)\ue004*\ue003\ue003/g, (_m, raw: string) => name(`{{${raw}}}`, raw))
    .replace(SENTINELS, (c) => RESTORE[c]!);
  return { text: out, shown };
}

/** Puts the written forms back into text produced from a stand-in (`ph_table` → `<table>`). */
export function showIdentifiers(text: string, shown: ReadonlyMap<string, string>): string {
  return shown.size === 0 ? text : text.replace(/\bph_\w+/g, (id) => shown.get(id) ?? id);
}
