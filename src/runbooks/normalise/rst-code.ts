/**
 * Code pasted from Sphinx / reStructuredText docs: `.. code-block:: bash` (also `code::`,
 * `sourcecode::`, `prompt::`) and a paragraph ending in `::`, each followed by an indented
 * block. Markdown needs four spaces of indent for code, and RST often uses three, so the
 * commands would be lost in a paragraph; each such block becomes fenced code.
 */

const DIRECTIVE = /^(\s*)\.\.\s+(?:code-block|code|sourcecode|prompt)::\s*([\w+-]*)/;
const LITERAL_INTRO = /\S::\s*$/;

export function fenceRstCode(markdown: string): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const opener = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence || opener) {
      if (fence && opener?.startsWith(fence)) fence = null;
      else if (!fence && opener) fence = opener;
      out.push(line);
      continue;
    }
    const directive = DIRECTIVE.exec(line);
    const literal = !directive && LITERAL_INTRO.test(line);
    const indent = indentOf(line);
    const block = directive || literal ? indentedBlockAfter(lines, i + 1, indent) : null;
    if (!block || (literal && block.indent >= indent + 4)) {
      out.push(line);
      continue;
    }
    const pad = ' '.repeat(indent);
    if (literal) out.push(line.replace(/::\s*$/, ':'), '');
    out.push(`${pad}\`\`\`${directive?.[2] ?? ''}`);
    out.push(...block.lines.map((l) => (l.trim() === '' ? '' : pad + l.slice(block.indent))));
    out.push(`${pad}\`\`\``);
    i = block.end - 1;
  }
  return out.join('\n');
}

/**
 * The block indented past `parentIndent` that starts after `start` (directive options such
 * as `:linenos:` and blank lines skipped); null when there is none.
 */
function indentedBlockAfter(
  lines: string[],
  start: number,
  parentIndent: number,
): { lines: string[]; indent: number; end: number } | null {
  let i = start;
  while (i < lines.length && (lines[i]!.trim() === '' || /^\s+:[\w-]+:/.test(lines[i]!))) i++;
  const first = lines[i];
  if (first === undefined || indentOf(first) <= parentIndent) return null;
  const indent = indentOf(first);
  let end = i;
  while (end < lines.length && (lines[end]!.trim() === '' || indentOf(lines[end]!) >= indent)) end++;
  while (end > i && lines[end - 1]!.trim() === '') end--;
  return { lines: lines.slice(i, end), indent, end };
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}
