import MarkdownIt from 'markdown-it';
import type { Root, RootContent, Yaml } from 'mdast';
import { blocksFromTokens, SourceLines } from './mdast-from-tokens.js';

/**
 * Markdown → mdast. markdown-it (CommonMark, plus GFM tables, strikethrough and bare-URL
 * links) tokenises some fifteen times faster than micromark, which was most of a compile;
 * the tokens are turned into the mdast the compiler reads, with block positions (offsets
 * into the text) so step text can quote its source.
 */
const parser = new MarkdownIt('commonmark', { linkify: true }).enable(['table', 'strikethrough', 'linkify']);
// Links keep the URL as written (markdown-it would percent-encode it); unsafe schemes are still refused.
parser.normalizeLink = (url) => url;

export function parseMarkdown(markdown: string): Root {
  const frontMatter = splitFrontMatter(markdown);
  // Front matter lines are blanked (same length), so offsets still match `markdown`.
  const body = frontMatter ? blankOut(markdown, frontMatter.end) : markdown;
  const lines = new SourceLines(markdown);
  const children: RootContent[] = blocksFromTokens(parser.parse(body, {}), lines);
  if (frontMatter) children.unshift(frontMatter.node);
  return { type: 'root', children };
}

/** `---` YAML `---` at the very top, as remark-frontmatter reads it. */
function splitFrontMatter(markdown: string): { node: Yaml; end: number } | null {
  const open = /^---[ \t]*\n/.exec(markdown);
  if (!open) return null;
  const close = /^---[ \t]*$/m.exec(markdown.slice(open[0].length));
  if (!close) return null;
  const valueEnd = open[0].length + close.index;
  const end = valueEnd + close[0].length;
  const value = markdown.slice(open[0].length, valueEnd).replace(/\n$/, '');
  const lines = new SourceLines(markdown);
  return {
    node: { type: 'yaml', value, position: { start: lines.point(0), end: lines.point(end) } },
    end,
  };
}

function blankOut(text: string, end: number): string {
  return text.slice(0, end).replace(/[^\n]/g, ' ') + text.slice(end);
}
