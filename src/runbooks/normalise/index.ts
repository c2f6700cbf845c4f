import type { Root } from 'mdast';
import type { SourceFormat } from '../types.js';
import { asciiDocToMarkdown, isAsciiDoc } from './asciidoc.js';
import { codeBareCommands } from './bare-commands.js';
import { detectFormat } from './detect-format.js';
import { convertHtmlBlocks } from './html-in-markdown.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import { parseMarkdown } from './markdown-tree.js';
import { fencePromptRuns } from './prompt-text.js';
import { fenceRstCode } from './rst-code.js';
import { resolveHugoRefs } from './shortcodes.js';
import { tomlFrontMatterToYaml } from './toml-front-matter.js';
import { isWikiMarkup, wikiMarkupToMarkdown } from './wiki-markup.js';

export interface NormalisedRunbook {
  format: SourceFormat;
  /** Clean Markdown every source is turned into; what the LLM reads and what step text quotes. */
  markdown: string;
  /** The mdast of `markdown`; positions refer to offsets in `markdown`. */
  tree: Root;
  /** The YAML front matter text, null when there is none. */
  frontMatter: string | null;
}

/** Any pasted runbook → one Markdown AST. */
export function normalise(text: string, options: { fileName?: string; format?: SourceFormat } = {}): NormalisedRunbook {
  const format = options.format ?? detectFormat(text, options.fileName);
  const unified = text.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '');
  const converted =
    format === 'html' || format === 'confluence'
      ? codeBareCommands(htmlToMarkdown(unified, { confluence: format === 'confluence' }), { fromHtml: true })
      : markdownFromPlainSource(unified);
  const markdown = fencePromptRuns(resolveHugoRefs(converted));
  const tree = parseMarkdown(markdown);
  const first = tree.children[0];
  const frontMatter = first?.type === 'yaml' ? first.value : null;
  return { format, markdown, tree, frontMatter };
}

/** Markdown, or text in wiki markup or AsciiDoc, with reStructuredText code or HTML blocks pasted into it. */
function markdownFromPlainSource(text: string): string {
  const markdown = isWikiMarkup(text)
    ? wikiMarkupToMarkdown(text)
    : isAsciiDoc(text)
      ? asciiDocToMarkdown(text)
      : tomlFrontMatterToYaml(text);
  return codeBareCommands(convertHtmlBlocks(fenceRstCode(markdown)));
}

export { detectFormat } from './detect-format.js';
