import { htmlToMarkdown } from './html-to-markdown.js';

/**
 * Markdown pages carry HTML pasted from a wiki: `<pre>` blocks and `<p>` paragraphs.
 * Markdown keeps them as raw HTML the compiler never reads, so a command in a `<pre>`
 * would vanish. Each such block (outside fenced code) is converted like an HTML page.
 */
export function convertHtmlBlocks(markdown: string): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const opener = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (opener?.startsWith(fence)) fence = null;
      out.push(line);
      continue;
    }
    if (opener) {
      fence = opener;
      out.push(line);
      continue;
    }
    const disclosure = disclosureLine(line);
    if (disclosure !== null) {
      out.push(disclosure);
      continue;
    }
    const end = htmlBlockEnd(lines, i);
    if (end === null) {
      out.push(inlineHtmlCode(line));
      continue;
    }
    const indent = /^\s*/.exec(line)![0];
    const converted = htmlToMarkdown(lines.slice(i, end + 1).join('\n'), { confluence: false }).trim();
    out.push(...converted.split('\n').map((l) => (l === '' ? '' : indent + l)));
    i = end;
  }
  return out.join('\n');
}

/**
 * A collapsed section (`<details><summary>Check the runner</summary> … </details>`): its
 * summary introduces the code inside it, so it becomes a sentence; the tags go.
 */
function disclosureLine(line: string): string | null {
  if (/^\s*<\/?details\b[^>]*>\s*$/i.test(line)) return '';
  const summary = /^\s*(?:<details\b[^>]*>\s*)?<summary>(.*)<\/summary>\s*$/i.exec(line);
  return summary ? `${decodeEntities(summary[1]!.replace(/<[^>]+>/g, '').trim())}:\n` : null;
}

/**
 * `Run <code>systemctl restart nginx</code> on each node`: inline HTML code becomes a code
 * span, so the sentence carries its command. Code spans already in backticks are kept.
 */
function inlineHtmlCode(line: string): string {
  if (!/<code\b/i.test(line)) return line;
  return line
    .split(/(`+[^`]*`+)/)
    .map((part, index) =>
      index % 2 === 1
        ? part
        : part.replace(/<code\b[^>]*>([^<`]*)<\/code>/gi, (_m, code: string) => `\`${decodeEntities(code)}\``),
    )
    .join('');
}

function decodeEntities(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&nbsp;', ' ')
    .replaceAll('&amp;', '&');
}

/** The last line of a `<pre>`, `<table>`, `<ol>` or `<ul>` block, or of a one-line `<p>…</p>`, starting at `start`; else null. */
function htmlBlockEnd(lines: string[], start: number): number | null {
  const line = lines[start]!;
  if (/^\s*<p\b[^>]*>.*<\/p>\s*$/i.test(line)) return start;
  const tag = /^\s*<(pre|table|ol|ul)\b/i.exec(line)?.[1]?.toLowerCase();
  if (!tag) return null;
  const close = new RegExp(`</${tag}>\\s*$`, 'i');
  for (let i = start; i < lines.length; i++) if (close.test(lines[i]!)) return i;
  return null;
}
