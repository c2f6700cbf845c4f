import type { Node, PhrasingContent } from 'mdast';
import { isInlineCommand } from './inline-command.js';
import { IMPERATIVE_VERBS, INSTRUCTION_LEADS } from './vocabulary.js';

/**
 * Prose as the compiler reads it: inline content flattened into pieces (text, inline code,
 * links), so sentences can be split without ever cutting through code or a link.
 */
export type Piece =
  | { kind: 'text'; value: string }
  | { kind: 'code'; value: string }
  | { kind: 'link'; text: string; url: string | null };

export type Sentence = Piece[];

export function piecesOf(nodes: readonly PhrasingContent[]): Piece[] {
  const out: Piece[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        out.push({ kind: 'text', value: node.value });
        break;
      case 'inlineCode':
        out.push({ kind: 'code', value: node.value });
        break;
      case 'break':
        out.push({ kind: 'text', value: '\n' });
        break;
      case 'link':
        out.push({ kind: 'link', text: plainText(piecesOf(node.children)), url: node.url });
        break;
      case 'linkReference':
        out.push({ kind: 'link', text: plainText(piecesOf(node.children)), url: null });
        break;
      case 'emphasis':
      case 'strong':
      case 'delete':
        out.push(...piecesOf(node.children));
        break;
      case 'html':
        if (/^<br\s*\/?>$/i.test(node.value)) out.push({ kind: 'text', value: '\n' });
        break;
      default:
        break; // images, footnote references: nothing to read
    }
  }
  return mergeText(out);
}

function mergeText(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const piece of pieces) {
    const last = out[out.length - 1];
    if (piece.kind === 'text' && last?.kind === 'text') last.value += piece.value;
    else out.push(piece.kind === 'text' ? { ...piece } : piece);
  }
  return out;
}

/** Inline code keeps its backticks; links keep only their text. For titles and matching. */
export function plainText(pieces: readonly Piece[]): string {
  // A sentence is read many times over (instruction? condition? prerequisite?): once is enough.
  const known = plainTexts.get(pieces);
  if (known !== undefined) return known;
  const text = pieces
    .map((p) => (p.kind === 'text' ? p.value : p.kind === 'code' ? `\`${p.value}\`` : p.text))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  plainTexts.set(pieces, text);
  return text;
}

const plainTexts = new WeakMap<readonly Piece[], string>();

/** Pieces back to Markdown, links included. */
export function markdownText(pieces: readonly Piece[]): string {
  return pieces
    .map((p) => (p.kind === 'text' ? p.value : p.kind === 'code' ? `\`${p.value}\`` : linkMarkdown(p)))
    .join('')
    .trim();
}

function linkMarkdown(p: { text: string; url: string | null }): string {
  return p.url ? `[${p.text}](${p.url})` : p.text;
}

/**
 * Split at sentence ends: `.`, `!` or `?` followed by space and a capital, code or a link,
 * or a line break after `.`, `!`, `?` or `:`. "e.g. foo" and "v1.2" stay whole.
 */
export function splitSentences(pieces: readonly Piece[]): Sentence[] {
  const sentences: Sentence[] = [];
  let current: Piece[] = [];
  const flush = () => {
    const trimmed = trimSentence(current);
    if (trimmed.length > 0) sentences.push(trimmed);
    current = [];
  };
  pieces.forEach((piece, index) => {
    if (piece.kind !== 'text') {
      current.push(piece);
      return;
    }
    const next = pieces[index + 1];
    let start = 0;
    const value = piece.value;
    for (let i = 0; i < value.length; i++) {
      if (!isBoundary(value, i, next)) continue;
      current.push({ kind: 'text', value: value.slice(start, i + 1) });
      flush();
      start = i + 1;
    }
    if (start < value.length) current.push({ kind: 'text', value: value.slice(start) });
  });
  flush();
  return sentences;
}

function isBoundary(value: string, i: number, next: Piece | undefined): boolean {
  const ch = value[i]!;
  const after = value.slice(i + 1);
  const lineBreakAfter = /^[ \t]*\n/.test(after);
  if ('.!?'.includes(ch)) {
    if (!/^\s/.test(after) && after !== '') return false;
    if (ch === '.' && /(?:^|\s)(?:e\.g|i\.e|etc|vs|cf|approx|no)\.$/i.test(value.slice(0, i + 1))) return false;
    const rest = after.trimStart();
    if (rest === '') return next !== undefined && next.kind !== 'text' ? true : lineBreakAfter || after === '';
    return lineBreakAfter || /^[A-Z0-9`[*_(]/.test(rest);
  }
  if (ch === ':' && lineBreakAfter) return true;
  // Line-per-instruction prose without full stops: "See [A](…)\nSee [B](…)".
  if (ch === '\n') {
    const word = /^[ \t]*([A-Z][a-z]+)\b/.exec(after)?.[1];
    return word !== undefined && IMPERATIVE_VERBS.has(word.toLowerCase());
  }
  return false;
}

function trimSentence(pieces: Piece[]): Piece[] {
  const out = pieces.filter((p) => p.kind !== 'text' || p.value !== '');
  const first = out[0];
  if (first?.kind === 'text') first.value = first.value.replace(/^\s+/, '');
  const last = out[out.length - 1];
  if (last?.kind === 'text') last.value = last.value.replace(/\s+$/, '');
  return out.filter((p) => p.kind !== 'text' || p.value !== '');
}

/** A title from a sentence: no trailing colon or period, at most 160 characters. */
export function titleFrom(text: string): string {
  const cleaned = text
    .replace(/\s+/g, ' ')
    .replace(/^(?:step\s*\d+\s*[:.)-]\s*|\d+[.)]\s+)/i, '')
    .replace(/^(?:\p{Extended_Pictographic}|\uFE0F|\u200D|\s)+/u, '') // "✅ Check …", "👉 Run …"
    .replace(/^and\s+(?=[a-z])/, '')
    .replace(/^(?:\*\*|__)?(?:command|commands|cmd|run|execute|shell)(?:\*\*|__)?\s*:(?:\*\*|__)?\s*(?=`)/i, '')
    .replace(/\s*[:.]+$/, '')
    .trim();
  // A list item that is only a command (`1. kubectl get jobs`) is titled like a code block.
  const code = /^`([^`]+)`$/.exec(cleaned)?.[1];
  const capital = code && isInlineCommand(code) ? `Run ${cleaned}` : capitalisedOpening(cleaned);
  return capital.length > 160 ? `${capital.slice(0, 159).trimEnd()}…` : capital;
}

/**
 * "first check the lag" (a chat paste), "list the pending requests" (a `# comment`): a
 * title opens with a capital when its first word is an English lead or verb, never when it
 * is a program name (`etcdctl member list`).
 */
function capitalisedOpening(title: string): string {
  const first = /^[a-z]+/.exec(title)?.[0];
  if (!first || !(IMPERATIVE_VERBS.has(first) || INSTRUCTION_LEADS.has(first))) return title;
  return first.charAt(0).toUpperCase() + title.slice(1);
}

/** Lower-case words of a sentence's text, for reading its opening. */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/`[^`]*`/g, ' code ')
    .split(/[^a-z0-9'’-]+/)
    .filter(Boolean);
}

/**
 * Source text of a node (positions are offsets into the normalised Markdown). A nested
 * node's later lines carry its container's indentation; that much is taken off.
 */
export function sourceOf(markdown: string, node: Node): string {
  const start = node.position?.start;
  const end = node.position?.end.offset;
  if (start?.offset === undefined || end === undefined) return '';
  const indent = start.column - 1;
  const lines = markdown.slice(start.offset, end).split('\n');
  return lines
    .map((line, i) => (i === 0 ? line : line.slice(Math.min(indent, line.length - line.trimStart().length))))
    .join('\n')
    .trim();
}

/** `$NAMESPACE`, `${NAMESPACE}`, `<pod-name>`, `{{service}}` or a bare NAME → the name. */
export function variableToken(pieces: readonly Piece[]): string | null {
  const first = pieces.find((p) => p.kind === 'code' || (p.kind === 'text' && p.value.trim() !== ''));
  if (!first || first.kind === 'link') return null;
  const raw =
    first.kind === 'code' ? first.value.trim() : (/^\s*([A-Za-z_][\w-]*)\s*[:—–-]/.exec(first.value)?.[1] ?? '');
  const m = /^(?:\$\{?([A-Za-z_]\w*)\}?|<([A-Za-z][\w.-]*)>|\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}|([A-Za-z_][\w-]*))$/.exec(
    raw,
  );
  return m ? (m[1] ?? m[2] ?? m[3] ?? m[4] ?? null) : null;
}

/** Text to match literally inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
