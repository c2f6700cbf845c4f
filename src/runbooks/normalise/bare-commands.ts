import { isBareCommand } from '../compile/shell/lines.js';

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
export function codeBareCommands(markdown: string, options: { fromHtml?: boolean } = {}): string {
  const unescapeText = options.fromHtml ? unescapeMarkdown : identity;
  const lines = markdown.split('\n');
  const body = frontMatterEnd(lines);
  const out = lines.slice(0, body);
  const state: ScanState = { fence: null, itemIndent: 0, previousBlank: true, inIndentedCode: false };
  for (let i = body; i < lines.length; ) i += convertAt(lines, i, state, out, unescapeText);
  return out.join('\n');
}

interface ScanState {
  fence: string | null;
  /** Content indent (columns) of the list item the line may belong to; 0 outside lists. */
  itemIndent: number;
  previousBlank: boolean;
  inIndentedCode: boolean;
}

/** Converts the line at `i` (and the lines that go with it) into `out`; returns how many lines it took. */
function convertAt(lines: string[], i: number, state: ScanState, out: string[], unescapeText: Unescape): number {
  const line = lines[i]!;
  const opener = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
  const blank = line.trim() === '';
  if (state.fence || opener || blank) {
    if (state.fence && opener?.startsWith(state.fence)) state.fence = null;
    else if (!state.fence && opener) state.fence = opener;
    out.push(line);
    state.previousBlank = blank && !state.fence;
    return 1;
  }
  const quotedOrRow = quoteOrTableRow(lines, i, out, unescapeText);
  if (quotedOrRow > 0) {
    state.previousBlank = false;
    return quotedOrRow;
  }
  const indent = indentOf(line);
  const item = /^(\s*(?:[-*+]|\d{1,9}[.)])\s+)(\S.*)$/.exec(line);
  if (item) state.itemIndent = columnsOf(item[1]!);
  else if (state.previousBlank && indent === 0) state.itemIndent = 0;
  state.inIndentedCode = !item && indent >= state.itemIndent + 4 && (state.previousBlank || state.inIndentedCode);
  const wasBlank = state.previousBlank;
  state.previousBlank = false;
  if (state.inIndentedCode) {
    out.push(line);
    return 1;
  }
  if (item) {
    out.push(item[1]! + codeSpans(item[2]!, unescapeText));
    return 1;
  }
  const underIndented = wasBlank && state.itemIndent > 0 && indent >= 4 && indent >= state.itemIndent;
  const end = underIndented ? underIndentedCodeEnd(lines, i, indent) : null;
  if (end !== null) {
    const pad = ' '.repeat(state.itemIndent);
    out.push(`${pad}\`\`\``, ...lines.slice(i, end).map((l) => pad + dropColumns(l, indent)), `${pad}\`\`\``);
    return end - i;
  }
  const run = bareCommandRun(lines, i, unescapeText);
  const lead = line.slice(0, line.length - line.trimStart().length);
  if (run.length > 0) {
    out.push(`${lead}\`\`\``, ...run.map((command) => lead + command), `${lead}\`\`\``);
    return run.length;
  }
  const lettered = /^([a-hA-H]|i{1,3}|iv|v)[.)]\s+(\S.*)$/.exec(line.trim());
  if (lettered && isBareCommand(unescapeText(lettered[2]!))) {
    // "a. kubectl get pods": a lettered list Markdown does not know; a bulleted item of its own.
    out.push(`${lead}- \`${unescapeText(lettered[2]!)}\``);
    return 1;
  }
  out.push(lead + codeSpans(line.trim(), unescapeText));
  return 1;
}

type Unescape = (text: string) => string;

/**
 * A `> ` quote is read like the page (then quoted again); a table row gets its command
 * cells in backticks (`| Pods stuck | kubectl delete pod -l app=web |`). Returns the lines
 * taken, 0 when the line is neither.
 */
function quoteOrTableRow(lines: string[], i: number, out: string[], unescapeText: Unescape): number {
  const line = lines[i]!;
  if (/^ {0,3}>/.test(line)) {
    let end = i;
    while (end < lines.length && /^ {0,3}>/.test(lines[end]!)) end++;
    const inner = lines.slice(i, end).map((l) => l.replace(/^ {0,3}> ?/, ''));
    const converted = codeBareCommands(inner.join('\n'), { fromHtml: unescapeText !== identity });
    out.push(
      ...(converted === inner.join('\n') ? lines.slice(i, end) : converted.split('\n').map((l) => `> ${l}`.trimEnd())),
    );
    return end - i;
  }
  if (!/^\s*\|.*\|\s*$/.test(line) || /^\s*\|[\s:|-]+\|\s*$/.test(line)) return 0;
  const cells = line.split(/(?<!\\)\|/);
  const inner = cells.slice(1, -1).map((cell) => {
    const text = cell.trim();
    return text === '' ? cell : cell.replace(text, codeSpans(text, unescapeText));
  });
  out.push([cells[0], ...inner, cells.at(-1)].join('|'));
  return 1;
}

const identity: Unescape = (text) => text;

/** Lines from `start` on that are each a whole command, at the same indent: code of their own. */
function bareCommandRun(lines: string[], start: number, unescapeText: Unescape): string[] {
  const indent = indentOf(lines[start]!);
  const run: string[] = [];
  for (let j = start; j < lines.length; j++) {
    const line = lines[j]!;
    if (line.trim() === '' || indentOf(line) !== indent || /^\s*(?:[-*+]|\d{1,9}[.)])\s/.test(line)) break;
    const command = unescapeText(line.trim());
    if (/^(?:#|\||<|>)/.test(command) || line.includes('`') || !isBareCommand(command)) break;
    run.push(command);
  }
  return run;
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
function codeSpans(text: string, unescapeText: Unescape): string {
  if (/^(?:#|\||<|>)/.test(text) || text.includes('`')) return text;
  if (isBareCommand(unescapeText(text))) return `\`${unescapeText(text)}\``;
  const labelled = /^([^:]{3,80}:\s+)(\S.*)$/.exec(text);
  const command = labelled ? unescapeText(labelled[2]!) : null;
  if (command && isBareCommand(command)) return `${labelled![1]}\`${command}\``;
  return text;
}

/** Text converted from HTML has Markdown's escapes (`app\_1.log`); a command is written without them. */
function unescapeMarkdown(text: string): string {
  return text.replace(/\\([\\`*_{}[\]()#+\-.!>|~])/g, '$1');
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
