import { isAssignmentLine, isCommandLine } from '../compile/shell/lines.js';

/**
 * Commands written without code formatting, as hasty runbooks and plain-text pastes have
 * them: a list item that is a command (`1. kubectl -n reports get jobs`), a line under an
 * item (`Check the pods:` then `kubectl get pods` on the next line), `Delete it: kubectl
 * delete job <job>`, or code indented four spaces under a list item (Markdown wants the
 * item's indent plus four, so it reads a paragraph). Markdown would read them as prose,
 * so they become code spans or fenced code. A line becomes code only when it clearly is a
 * command: a known program with shell syntax (an option, a path, `|`, `$`, `=`, `<var>`)
 * and no prose words.
 */
export function codeBareCommands(markdown: string): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  let fence: string | null = null;
  let itemIndent = 0;
  let previousBlank = true;
  let inIndentedCode = false;
  const body = frontMatterEnd(lines);
  out.push(...lines.slice(0, body));
  for (let i = body; i < lines.length; i++) {
    const line = lines[i]!;
    const opener = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence || opener) {
      if (fence && opener?.startsWith(fence)) fence = null;
      else if (!fence && opener) fence = opener;
      out.push(line);
      previousBlank = false;
      continue;
    }
    if (line.trim() === '') {
      out.push(line);
      previousBlank = true;
      continue;
    }
    const indent = indentOf(line);
    const item = /^(\s*(?:[-*+]|\d{1,9}[.)])\s+)(\S.*)$/.exec(line);
    if (item) itemIndent = columnsOf(item[1]!);
    else if (previousBlank && indent === 0) itemIndent = 0;
    inIndentedCode = !item && indent >= itemIndent + 4 && (previousBlank || inIndentedCode);
    if (inIndentedCode) {
      out.push(line);
      previousBlank = false;
      continue;
    }
    if (!item && previousBlank && itemIndent > 0 && indent >= 4 && indent >= itemIndent) {
      const end = underIndentedCodeEnd(lines, i, indent);
      if (end !== null) {
        const pad = ' '.repeat(itemIndent);
        out.push(`${pad}\`\`\``, ...lines.slice(i, end).map((l) => pad + dropColumns(l, indent)), `${pad}\`\`\``);
        i = end - 1;
        previousBlank = false;
        continue;
      }
    }
    const lead = item ? item[1]! : line.slice(0, line.length - line.trimStart().length);
    out.push(lead + codeSpans(item ? item[2]! : line.trim()));
    previousBlank = false;
  }
  return out.join('\n');
}

/** The index of the first line after `---` (YAML) or `+++` (TOML) front matter, 0 without one. */
function frontMatterEnd(lines: string[]): number {
  const marker = /^(?:---|\+\+\+)\s*$/.exec(lines[0] ?? '')?.[0].trim();
  if (!marker) return 0;
  const close = lines.findIndex((l, i) => i > 0 && l.trim() === marker);
  return close === -1 ? 0 : close + 1;
}

/** Under a list item, lines indented four spaces that are commands: where that run ends. */
function underIndentedCodeEnd(lines: string[], start: number, indent: number): number | null {
  let end = start;
  while (end < lines.length && lines[end]!.trim() !== '' && indentOf(lines[end]!) >= indent) end++;
  const first = lines[start]!.trim().replace(/^\$\s+/, '');
  return isBareCommand(first) ? end : null;
}

/** A line of prose that is a command, or `Label: command`: the command in backticks. */
function codeSpans(text: string): string {
  if (/^(?:#|\||<|>)/.test(text) || text.includes('`')) return text;
  if (isBareCommand(text)) return `\`${text}\``;
  const labelled = /^([^:]{3,80}:\s+)(\S.*)$/.exec(text);
  if (labelled && isBareCommand(labelled[2]!)) return `${labelled[1]}\`${labelled[2]}\``;
  return text;
}

const SHELL_SYNTAX = /(?:^|\s)--?[A-Za-z]|\/|=|\||\$|<[\w.-]+>|@|^sudo\s/;
const PROSE_WORDS = new Set([
  'the',
  'a',
  'an',
  'to',
  'if',
  'and',
  'of',
  'when',
  'it',
  'is',
  'are',
  'this',
  'that',
  'then',
  'you',
  'your',
  'for',
  'with',
  'should',
  'will',
]);

export function isBareCommand(text: string): boolean {
  const trimmed = text.trim();
  const words = trimmed.split(/\s+/);
  if (words.length < 2 || trimmed.includes('`') || /[.:;,]$/.test(trimmed.replace(/\s\.$/, ''))) return false;
  if (!isCommandLine(trimmed) || isAssignmentLine(trimmed)) return false;
  return SHELL_SYNTAX.test(trimmed) && !words.some((w) => PROSE_WORDS.has(w.toLowerCase()));
}

/** Leading columns, a tab reaching the next multiple of four as in CommonMark. */
function indentOf(line: string): number {
  return columnsOf(line.slice(0, line.length - line.trimStart().length));
}

function columnsOf(text: string): number {
  let columns = 0;
  for (const char of text) columns = char === '\t' ? columns + 4 - (columns % 4) : columns + 1;
  return columns;
}

/** The line without its first `count` columns of indent. */
function dropColumns(line: string, count: number): string {
  let i = 0;
  while (i < line.length && /[ \t]/.test(line[i]!) && columnsOf(line.slice(0, i + 1)) <= count) i++;
  return line.slice(i);
}
