/**
 * Confluence and Jira wiki markup, pasted as text: `h2. Steps`, `# item` numbered lists,
 * `{code:bash} … {code}` and `{noformat} … {noformat}` blocks, `{{monospace}}`. Read as
 * Markdown, `# item` would be a heading and every command in a `{code}` block would be
 * lost in a paragraph, so a page that uses this markup is rewritten to Markdown first.
 */

const CODE_MARKER = /^\s*\{(code|noformat)(?::([^}]*))?\}\s*$/;
const HEADING = /^h([1-6])\.\s+(.*)$/;
const LIST_ITEM = /^([#*]+)\s+(.*)$/;

/** A page in wiki markup: a `{code}` / `{noformat}` block or an `h1.` heading, and no Markdown fence. */
export function isWikiMarkup(text: string): boolean {
  if (/^\s*(?:`{3,}|~{3,})/m.test(text)) return false;
  return /^\s*\{(?:code|noformat)(?::[^}]*)?\}\s*$/m.test(text) || /^h[1-6]\.\s+\S/m.test(text);
}

export function wikiMarkupToMarkdown(text: string): string {
  const out: string[] = [];
  let code: { marker: string } | null = null;
  let itemIndent = 0;
  for (const line of text.split('\n')) {
    const marker = CODE_MARKER.exec(line);
    if (code) {
      if (marker?.[1] === code.marker) {
        out.push(`${' '.repeat(itemIndent)}\`\`\``);
        code = null;
      } else out.push(line === '' ? '' : ' '.repeat(itemIndent) + line);
      continue;
    }
    if (marker) {
      code = { marker: marker[1]! };
      out.push(`${' '.repeat(itemIndent)}\`\`\`${codeLanguage(marker[1]!, marker[2])}`);
      continue;
    }
    const converted = convertLine(line);
    if (converted.itemIndent !== null) itemIndent = converted.itemIndent;
    out.push(converted.markdown);
  }
  return out.join('\n');
}

function convertLine(line: string): { markdown: string; itemIndent: number | null } {
  const heading = HEADING.exec(line);
  if (heading) return { markdown: `${'#'.repeat(Number(heading[1]))} ${inline(heading[2]!)}`, itemIndent: 0 };
  const item = LIST_ITEM.exec(line);
  if (item) {
    const depth = item[1]!.length;
    const bullet = item[1]!.endsWith('#') ? '1.' : '-';
    const pad = '   '.repeat(depth - 1);
    return { markdown: `${pad}${bullet} ${inline(item[2]!)}`, itemIndent: pad.length + bullet.length + 1 };
  }
  if (line.trim() === '') return { markdown: '', itemIndent: null };
  return { markdown: inline(line), itemIndent: 0 };
}

/** `{{kubectl get pods}}` is monospace; `{{service}}` alone stays a template placeholder. */
function inline(text: string): string {
  return text.replace(/\{\{([^{}]*\s[^{}]*)\}\}/g, (_m, code: string) => `\`${code.trim()}\``);
}

/** `{code:bash}`, `{code:language=bash|title=…}`; `{noformat}` is untagged, read by content. */
function codeLanguage(marker: string, params: string | undefined): string {
  if (marker === 'noformat' || !params) return '';
  const named = /(?:^|\|)language=([\w+-]+)/.exec(params)?.[1];
  if (named) return named;
  const first = params.split('|')[0] ?? '';
  return /^[\w+-]+$/.test(first) ? first : '';
}
