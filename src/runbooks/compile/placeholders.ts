import type { VariableSyntax } from '../types.js';
import { escapeRegExp } from './text.js';
import { TEMPLATE_KEYWORDS } from './vocabulary.js';

/**
 * Placeholders an author writes in a command: `<pod-name>`, `{{ namespace }}`, `<value of
 * the instance label>`, and, where the prose says so, `[node-name]` and a bare `OSD_ID`.
 * Each becomes a shell variable (`${POD_NAME}`) before the command is classified or run, so
 * the scanner reads an unknown value, never a redirection to a file named `pod-name>`.
 */
export interface PlaceholderRef {
  /** Shell name: `pod-name` → `POD_NAME`. */
  name: string;
  syntax: VariableSyntax;
  /** As the author wrote it: `<pod-name>`. */
  written: string;
  /** Described in words (`<namespace of the alert>`) rather than named. */
  inWords: boolean;
}

/** Names the runbook's prose declares to be placeholders ("where OSD_ID is …", "replace [node] with …"). */
export interface ProseNames {
  bare: Set<string>;
  bracketed: Set<string>;
  /** What the prose says each name is ("the id you noted above"), by shell name. */
  descriptions: Map<string, string>;
}

export function emptyProseNames(): ProseNames {
  return { bare: new Set(), bracketed: new Set(), descriptions: new Map() };
}

/** `pod-name` → `POD_NAME`, `value of namespace label` → `VALUE_OF_NAMESPACE_LABEL`. */
export function canonicalName(raw: string): string {
  const words = raw
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .slice(0, 5);
  const name = words.join('_').toUpperCase();
  return /^[0-9]/.test(name) ? `V_${name}` : name || 'VALUE';
}

const TOKEN = '`?(\\[[A-Za-z][\\w.-]*\\]|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)`?';
/** Sentences that declare a placeholder; `after`: its description follows the match, else precedes it. */
const DEFINING: Array<{ pattern: RegExp; after: boolean }> = [
  { source: `\\bwhere\\s+${TOKEN}\\s+(?:is|are|stands for|means|refers to)\\s+`, after: true },
  { source: `\\breplac(?:e|ing)\\s+${TOKEN}\\s+(?:with|by)\\s+`, after: true },
  { source: `\\bsubstitut\\w*\\s+${TOKEN}\\s+(?:with|by|for)?\\s*`, after: true },
  {
    source: `\\b(?:call|calls|called|name|named)\\s+(?:it|them|this|that|the\\s+\\w+)\\s+(?:as\\s+)?${TOKEN}`,
    after: false,
  },
  { source: `\\bnote\\s+(?:it|them|one of them|the\\s+\\w+|this|that)\\s+(?:as|in)\\s+${TOKEN}`, after: false },
  { source: `(?:^|[;,(]\\s*)${TOKEN}\\s+(?:is|are)\\s+(?=(?:the|a|an|your)\\b)`, after: true },
  { source: `\\b(?:set|export)\\s+${TOKEN}\\s+to\\s+`, after: true },
].map(({ source, after }) => ({ pattern: new RegExp(source, 'g'), after }));

/** Adds the placeholder names a sentence defines, with what it says they are. */
export function collectProseNames(text: string, into: ProseNames): void {
  if (!/[A-Z]{2}|\[/.test(text)) return;
  for (const { pattern, after } of DEFINING) {
    for (const m of text.matchAll(pattern)) {
      const name = addName(m[1], into);
      if (!name || into.descriptions.has(name)) continue;
      const words = after
        ? text.slice((m.index ?? 0) + m[0].length).split(/[.;:)](?:\s|,|$)|,\s+(?:then|and|or)\b/)[0]!
        : text
            .slice(0, m.index)
            .replace(/[;,]?\s*(?:the steps? (?:below|above|that follow)|later steps?|we|you)?\s*$/i, '');
      const description = words.replace(/`/g, '').replace(/\s+/g, ' ').trim();
      if (description)
        into.descriptions.set(name, description.length > 120 ? `${description.slice(0, 119)}…` : description);
    }
  }
}

/** A name a Variables section lists (`- OSD_ID: …`, `| [node-name] | … |`). */
export function addName(token: string | undefined, into: ProseNames): string | null {
  if (!token) return null;
  if (token.startsWith('[')) {
    into.bracketed.add(token.slice(1, -1));
    return canonicalName(token.slice(1, -1));
  }
  if (/^[A-Z][A-Z0-9_]+$/.test(token) && (token.includes('_') || token.length >= 3)) {
    into.bare.add(token);
    return token;
  }
  return null;
}

interface Match {
  start: number;
  end: number;
  ref: PlaceholderRef;
}

/**
 * The command with each placeholder written `${NAME}`, and the placeholders found. `$VAR`
 * and `${VAR}` are left as they are (the shell parser reads those).
 */
export function rewritePlaceholders(command: string, names: ProseNames): { text: string; refs: PlaceholderRef[] } {
  const matches = findPlaceholders(command, names);
  if (matches.length === 0) return { text: command, refs: [] };
  let text = '';
  let cursor = 0;
  for (const m of matches) {
    text += `${command.slice(cursor, m.start)}\${${m.ref.name}}`;
    cursor = m.end;
  }
  return { text: text + command.slice(cursor), refs: matches.map((m) => m.ref) };
}

/** Placeholders in any text (a command, a query), in order, without overlaps. */
export function placeholderRefs(text: string, names: ProseNames): PlaceholderRef[] {
  return findPlaceholders(text, names).map((m) => m.ref);
}

function findPlaceholders(text: string, names: ProseNames): Match[] {
  const found: Match[] = [];
  const add = (m: RegExpMatchArray, syntax: VariableSyntax, raw: string, inWords = false) =>
    found.push({
      start: m.index ?? 0,
      end: (m.index ?? 0) + m[0].length,
      ref: { name: canonicalName(raw), syntax, written: m[0], inWords },
    });
  if (text.includes('<')) {
    for (const m of text.matchAll(/(?<![<\w])<([A-Za-z](?:[^<>\n]*[^<>\s])?)>/g)) {
      const raw = m[1]!;
      if (/^[\w.-]+$/.test(raw)) add(m, '<var>', raw);
      else if (/\s/.test(raw) && !/[|;&$`]/.test(raw)) add(m, '<var>', raw, true);
    }
  }
  if (text.includes('{{') && !isGoTemplate(text)) {
    for (const m of text.matchAll(/\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g)) {
      if (!TEMPLATE_KEYWORDS.has(m[1]!)) add(m, '{{var}}', m[1]!);
    }
  }
  // `YOUR_DB_HOST`, `MY_CLUSTER`: named as the reader's own value. `%NAMESPACE%`: Windows-style, never shell.
  for (const m of text.matchAll(/(?<![\w$%{])(?:YOUR|MY)_[A-Z0-9_]*[A-Z0-9](?!\w)/g)) add(m, 'VAR', m[0]);
  for (const m of text.matchAll(/(?<![\w%])%([A-Z][A-Z0-9_]{2,})%(?![\w%])/g)) add(m, 'VAR', m[1]!);
  for (const name of names.bracketed) {
    for (const m of text.matchAll(new RegExp(`\\[${escapeRegExp(name)}\\]`, 'g'))) add(m, '[var]', name);
  }
  for (const name of names.bare) {
    if (!text.includes(name)) continue;
    for (const m of text.matchAll(new RegExp(`(?<![\\w$\\{])${escapeRegExp(name)}(?!\\w|=[^=])`, 'g')))
      add(m, 'VAR', name);
  }
  found.sort((a, b) => a.start - b.start);
  return found.filter((m, i) => i === 0 || m.start >= found[i - 1]!.end);
}

/** `--template='{{range .items}}…{{end}}'`: Go template syntax, not placeholders. */
function isGoTemplate(text: string): boolean {
  return /\{\{-?\s*(?:\.|range\b|if\b|with\b|"|printf\b|println\b|\$)/.test(text);
}
