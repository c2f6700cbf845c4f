import type { SourceFormat } from '../types.js';

const HTML_EXTENSIONS = ['.html', '.htm'];
const MARKDOWN_EXTENSIONS = ['.md', '.markdown'];

/** Confluence storage format uses the `ac:`/`ri:` XML namespaces for macros and links. */
function isConfluenceStorage(text: string): boolean {
  return text.includes('<ac:') || text.includes('<ri:');
}

/** The document opens with markup: a doctype, a comment or a well-known block tag. */
function looksLikeHtml(text: string): boolean {
  const head = text.trimStart().slice(0, 2000).toLowerCase();
  if (!head.startsWith('<')) return false;
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<!--')) return true;
  const firstTag = /^<([a-z][a-z0-9:-]*)/.exec(head)?.[1] ?? '';
  return BLOCK_TAGS.has(firstTag) || firstTag.includes(':');
}

const BLOCK_TAGS = new Set([
  'head',
  'body',
  'article',
  'section',
  'header',
  'main',
  'div',
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'ul',
  'ol',
  'table',
  'pre',
  'meta',
  'title',
  'style',
]);

/** Markdown structure the text-with-prompts format never has. */
function hasMarkdownStructure(text: string): boolean {
  for (const line of text.split('\n')) {
    if (/^\s{0,3}(```|~~~)/.test(line)) return true;
    if (/^#{1,6}\s+\S/.test(line) && !line.startsWith('# ')) return true; // `# cmd` may be a root prompt
    if (/^---\s*$/.test(line) && text.startsWith('---')) return true;
  }
  return /\]\([^)]+\)/.test(text);
}

function hasPromptLines(text: string): boolean {
  return /^\s*\$ \S/m.test(text);
}

/** Decide how to read a pasted runbook: by file extension when known, else by content. */
export function detectFormat(text: string, fileName?: string): SourceFormat {
  const lower = fileName?.toLowerCase() ?? '';
  if (HTML_EXTENSIONS.some((ext) => lower.endsWith(ext))) return isConfluenceStorage(text) ? 'confluence' : 'html';
  if (MARKDOWN_EXTENSIONS.some((ext) => lower.endsWith(ext))) return 'markdown';
  if (looksLikeHtml(text)) return isConfluenceStorage(text) ? 'confluence' : 'html';
  if (isConfluenceStorage(text) && /<ac:structured-macro/.test(text)) return 'confluence';
  if (hasPromptLines(text) && !hasMarkdownStructure(text)) return 'text';
  return 'markdown';
}
