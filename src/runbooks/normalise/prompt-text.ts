/**
 * Wiki pages and chat pastes show commands as `$ ` prompt lines in running text. Markdown
 * would read them as prose, so each run of prompt lines (with the output under them, up to
 * a blank line) becomes a fenced `console` block. Lines already inside a fence are left
 * alone. Inside a list item the fence is indented to the item's content so it stays there.
 */
export function fencePromptRuns(markdown: string): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  let fence: { char: string; length: number } | null = null;
  let listContentIndent = 0;
  let previousBlank = true;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // Fences inside list items are indented past 3 spaces, so any indent counts here.
    const opener = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (opener?.[1] && opener[1][0] === fence.char && opener[1].length >= fence.length) fence = null;
      out.push(line);
      continue;
    }
    if (opener?.[1]) {
      fence = { char: opener[1][0]!, length: opener[1].length };
      out.push(line);
      previousBlank = false;
      continue;
    }
    if (QUOTED.test(line)) {
      const end = quoteEnd(lines, i);
      out.push(...fenceQuotedPromptRuns(lines.slice(i, end)));
      i = end - 1;
      previousBlank = false;
      continue;
    }
    const listItem = /^(\s*(?:[-*+]|\d{1,9}[.)])\s+)\S/.exec(line);
    if (listItem?.[1]) listContentIndent = listItem[1].length;
    else if (previousBlank && indentOf(line) === 0 && line.trim() !== '') listContentIndent = 0;

    const indent = indentOf(line);
    const isIndentedCode = previousBlank && indent >= listContentIndent + 4;
    if (isPromptLine(line) && !isIndentedCode) {
      const run: string[] = [];
      let j = i;
      while (j < lines.length && continuesRun(lines[j]!, indent, j === i)) {
        run.push(lines[j]!.slice(Math.min(indent, indentOf(lines[j]!))));
        j++;
      }
      const pad = ' '.repeat(Math.max(indent, listContentIndent));
      out.push(`${pad}\`\`\`console`, ...run.map((l) => pad + l), `${pad}\`\`\``);
      i = j - 1;
      previousBlank = false;
      continue;
    }
    out.push(line);
    previousBlank = line.trim() === '';
  }
  return out.join('\n');
}

const QUOTED = /^ {0,3}>/;

function quoteEnd(lines: string[], start: number): number {
  let end = start;
  while (end < lines.length && QUOTED.test(lines[end]!)) end++;
  return end;
}

/**
 * A blockquote pasted from a chat thread (`> $ kubectl get pods`) holds prompt runs too:
 * the quote's text is read the same way, and quoted again.
 */
function fenceQuotedPromptRuns(quoted: string[]): string[] {
  const inner = quoted.map((l) => l.replace(/^ {0,3}> ?/, ''));
  const fencedInner = fencePromptRuns(inner.join('\n'));
  if (fencedInner === inner.join('\n')) return quoted;
  return fencedInner.split('\n').map((l) => (l === '' ? '>' : `> ${l}`));
}

/** A run ends at a blank line, a fence, or the next list item of the surrounding list. */
function continuesRun(line: string, promptIndent: number, first: boolean): boolean {
  if (first) return true;
  if (line.trim() === '' || /^\s*(`{3,}|~{3,})/.test(line)) return false;
  const item = /^(\s*)(?:[-*+]|\d{1,9}[.)])\s+\S/.exec(line);
  return !(item && (item[1]?.length ?? 0) <= promptIndent && !isPromptLine(line));
}

function isPromptLine(line: string): boolean {
  return /^\s*\$ \S/.test(line);
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}
