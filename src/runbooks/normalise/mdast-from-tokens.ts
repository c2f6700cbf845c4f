import type { Token } from 'markdown-it';
import type {
  BlockContent,
  Code,
  Heading,
  List,
  ListItem,
  Paragraph,
  PhrasingContent,
  RootContent,
  Table,
  TableCell,
  TableRow,
} from 'mdast';
import type { Point, Position } from 'unist';

/** Line starts of a text, to turn markdown-it's line maps into mdast points. */
export class SourceLines {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  point(offset: number): Point {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.starts[low]! + 1, offset };
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  lineStart(line: number): number {
    return this.starts[line] ?? this.text.length;
  }

  /** Offset just past the line's last character (before its newline). */
  lineEnd(line: number): number {
    const next = this.starts[line + 1];
    return next === undefined ? this.text.length : next - 1;
  }

  get count(): number {
    return this.starts.length;
  }
}

const LIST_MARKER = /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)/;

/** Token stream → mdast blocks. Positions cover whole lines, minus quote and list markers. */
export function blocksFromTokens(tokens: Token[], lines: SourceLines): RootContent[] {
  return new TokenReader(tokens, lines).blocks(null) as RootContent[];
}

class TokenReader {
  private i = 0;
  /** Start lines of the list items being read: their first block starts after the marker. */
  private readonly itemLines: number[] = [];
  private quoteDepth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly lines: SourceLines,
  ) {}

  blocks(closing: string | null): BlockContent[] {
    const out: BlockContent[] = [];
    while (this.i < this.tokens.length) {
      const token = this.tokens[this.i]!;
      if (token.type === closing) {
        this.i++;
        return out;
      }
      const node = this.block(token);
      if (node) out.push(node);
    }
    return out;
  }

  private block(token: Token): BlockContent | null {
    switch (token.type) {
      case 'heading_open':
      case 'paragraph_open':
        return this.textBlock(token);
      case 'fence':
      case 'code_block':
        this.i++;
        return this.code(token);
      case 'bullet_list_open':
      case 'ordered_list_open':
        return this.list(token);
      case 'blockquote_open': {
        this.i++;
        this.quoteDepth++;
        const children = this.blocks('blockquote_close');
        this.quoteDepth--;
        return { type: 'blockquote', children, position: this.position(token) };
      }
      case 'table_open':
        return this.table(token);
      case 'html_block':
        this.i++;
        return { type: 'html', value: token.content.replace(/\n$/, ''), position: this.position(token) };
      case 'hr':
        this.i++;
        return { type: 'thematicBreak', position: this.position(token) };
      default:
        this.i++;
        return null;
    }
  }

  private textBlock(open: Token): Heading | Paragraph {
    const inline = this.tokens[this.i + 1];
    this.i += 3; // open, inline, close
    const children = inlineNodes(inline?.children ?? []);
    const position = this.position(open);
    if (open.type === 'heading_open') {
      return { type: 'heading', depth: Number(open.tag.slice(1)) as Heading['depth'], children, position };
    }
    return { type: 'paragraph', children, position };
  }

  private code(token: Token): Code {
    const info = token.info.trim();
    const space = info.search(/\s/);
    const lang = info === '' ? null : space < 0 ? info : info.slice(0, space);
    const meta = space < 0 ? null : info.slice(space + 1).trim() || null;
    const value = token.content.replace(/\n$/, '');
    return { type: 'code', lang, meta, value, position: this.position(token) };
  }

  private list(open: Token): List {
    this.i++;
    const closing = open.type === 'bullet_list_open' ? 'bullet_list_close' : 'ordered_list_close';
    const children: ListItem[] = [];
    while (this.i < this.tokens.length && this.tokens[this.i]!.type === 'list_item_open') {
      const item = this.tokens[this.i]!;
      this.i++;
      this.itemLines.push(item.map?.[0] ?? -1);
      const position = this.position(item);
      const content = this.blocks('list_item_close');
      this.itemLines.pop();
      children.push({ type: 'listItem', spread: false, checked: takeTaskMarker(content), children: content, position });
    }
    if (this.tokens[this.i]?.type === closing) this.i++;
    const ordered = open.type === 'ordered_list_open';
    const start = ordered ? Number(open.attrGet('start') ?? 1) : null;
    return { type: 'list', ordered, start, spread: false, children, position: this.position(open) };
  }

  private table(open: Token): Table {
    this.i++;
    const rows: TableRow[] = [];
    let row: TableCell[] | null = null;
    while (this.i < this.tokens.length && this.tokens[this.i]!.type !== 'table_close') {
      const token = this.tokens[this.i]!;
      if (token.type === 'tr_open') row = [];
      else if (token.type === 'tr_close' && row) rows.push({ type: 'tableRow', children: row });
      else if ((token.type === 'th_open' || token.type === 'td_open') && row) {
        const inline = this.tokens[this.i + 1];
        row.push({ type: 'tableCell', children: inline?.type === 'inline' ? inlineNodes(inline.children ?? []) : [] });
      }
      this.i++;
    }
    this.i++;
    return { type: 'table', align: [], children: rows, position: this.position(open) };
  }

  /** From the first character of content on the first line to the end of the last non-blank line. */
  private position(token: Token): Position | undefined {
    if (!token.map) return undefined;
    const [first, after] = token.map;
    let last = Math.min(after, this.lines.count) - 1;
    while (last > first && this.lines.lineText(last).trim() === '') last--;
    const skipMarker = token.type !== 'list_item_open' && this.itemLines.at(-1) === first;
    const start = this.lines.lineStart(first) + this.contentColumn(this.lines.lineText(first), skipMarker);
    return { start: this.lines.point(start), end: this.lines.point(this.lines.lineEnd(last)) };
  }

  private contentColumn(line: string, skipMarker: boolean): number {
    let rest = line;
    for (let q = 0; q < this.quoteDepth; q++) rest = rest.replace(/^[ \t]*>[ \t]?/, '');
    rest = rest.replace(/^[ \t]*/, '');
    if (skipMarker) rest = rest.replace(LIST_MARKER, '');
    return line.length - rest.length;
  }
}

/** `- [ ] Post a summary`: a GFM task item; the box is not part of its text. */
function takeTaskMarker(content: BlockContent[]): boolean | null {
  const first = content[0];
  const text = first?.type === 'paragraph' ? first.children[0] : undefined;
  const box = text?.type === 'text' ? /^\[([ xX])\][ \t]+/.exec(text.value) : null;
  if (!box || text?.type !== 'text') return null;
  text.value = text.value.slice(box[0].length);
  return box[1] !== ' ';
}

/** Inline tokens → phrasing content; soft breaks join the text around them, as in remark. */
function inlineNodes(tokens: Token[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let i = 0;
  const children = (closing: string): PhrasingContent[] => {
    const start = i;
    let depth = 0;
    while (i < tokens.length && !(tokens[i]!.type === closing && depth === 0)) {
      if (tokens[i]!.nesting === 1) depth++;
      else if (tokens[i]!.nesting === -1) depth--;
      i++;
    }
    const inner = tokens.slice(start, i);
    i++;
    return inlineNodes(inner);
  };
  while (i < tokens.length) {
    const token = tokens[i++]!;
    const node = inlineNode(token, children);
    if (node) pushMerged(out, node);
  }
  return out;
}

function inlineNode(token: Token, children: (closing: string) => PhrasingContent[]): PhrasingContent | null {
  switch (token.type) {
    case 'text':
    case 'text_special':
      return { type: 'text', value: token.content };
    case 'softbreak':
      return { type: 'text', value: '\n' };
    case 'hardbreak':
      return { type: 'break' };
    case 'code_inline':
      return { type: 'inlineCode', value: token.content };
    case 'link_open':
      return { type: 'link', url: String(token.attrGet('href') ?? ''), title: null, children: children('link_close') };
    case 'em_open':
      return { type: 'emphasis', children: children('em_close') };
    case 'strong_open':
      return { type: 'strong', children: children('strong_close') };
    case 's_open':
      return { type: 'delete', children: children('s_close') };
    case 'html_inline':
      return { type: 'html', value: token.content };
    case 'image':
      return { type: 'image', url: String(token.attrGet('src') ?? ''), alt: token.content };
    default:
      return null;
  }
}

function pushMerged(out: PhrasingContent[], node: PhrasingContent): void {
  const last = out.at(-1);
  if (node.type === 'text' && last?.type === 'text') last.value += node.value;
  else out.push(node);
}
