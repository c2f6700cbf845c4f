/**
 * AsciiDoc pages (Antora docs, GitLab wikis): `= Title`, `== Section`, `. item` numbered
 * lists, `+` joining a block to its item, and code in `[source,bash]` + `----` blocks or
 * `....` literal blocks. Read as Markdown, the code would be a paragraph and `----` a rule,
 * so a page that is clearly AsciiDoc is rewritten to Markdown first.
 */

/** Clearly AsciiDoc: a `[source,…]` block attribute, or a page opening with an `= Title` line. */
export function isAsciiDoc(text: string): boolean {
  if (/^\s*(?:`{3,}|~{3,})/m.test(text)) return false;
  const firstLine = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return /^\[source(?:,[^\]]*)?\]\s*$/m.test(text) || /^=\s+\S/.test(firstLine);
}

const DELIMITERS = new Set(['----', '....']);

export function asciiDocToMarkdown(text: string): string {
  const out: string[] = [];
  let block: string | null = null;
  let language = '';
  let itemIndent = 0;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (block) {
      if (trimmed === block) {
        out.push(`${' '.repeat(itemIndent)}\`\`\``);
        block = null;
      } else out.push(line === '' ? '' : ' '.repeat(itemIndent) + line);
      continue;
    }
    const source = /^\[source(?:,\s*([\w+-]+))?[^\]]*\]$/.exec(trimmed);
    if (source) {
      language = source[1] ?? '';
      continue;
    }
    if (DELIMITERS.has(trimmed)) {
      block = trimmed;
      out.push(`${' '.repeat(itemIndent)}\`\`\`${block === '....' ? 'text' : language}`);
      language = '';
      continue;
    }
    const converted = convertLine(line);
    if (converted.itemIndent !== null) itemIndent = converted.itemIndent;
    out.push(converted.markdown);
  }
  return out.join('\n');
}

function convertLine(line: string): { markdown: string; itemIndent: number | null } {
  if (line.trim() === '+') return { markdown: '', itemIndent: null };
  const heading = /^(={1,6})\s+(.*)$/.exec(line);
  if (heading) return { markdown: `${'#'.repeat(heading[1]!.length)} ${heading[2]}`, itemIndent: 0 };
  const item = /^(\.+|\*+)\s+(.*)$/.exec(line);
  if (item) {
    const pad = '   '.repeat(item[1]!.length - 1);
    const bullet = item[1]!.startsWith('.') ? '1.' : '-';
    return { markdown: `${pad}${bullet} ${item[2]}`, itemIndent: pad.length + bullet.length + 1 };
  }
  if (line.trim() === '') return { markdown: '', itemIndent: null };
  return { markdown: line, itemIndent: null };
}
