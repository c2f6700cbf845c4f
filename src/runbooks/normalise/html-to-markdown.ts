import TurndownService from 'turndown';
import { gfm } from 'turndown-plugin-gfm';
import { addConfluenceRules, confluenceBlankReplacement, unwrapCdata } from './confluence.js';
import { codeLanguageOf, type DomNode, textWithLineBreaks } from './dom.js';
import { fenced } from './fence.js';

/**
 * HTML (plain, Notion export, Confluence view or storage format) → Markdown, so one
 * Markdown compiler serves every source. Code keeps its exact text: commands must survive
 * the conversion byte for byte, which turndown's escaping would not guarantee.
 */
export function htmlToMarkdown(html: string, options: { confluence: boolean }): string {
  const service = createService();
  if (options.confluence) addConfluenceRules(service);
  const source = options.confluence ? unwrapCdata(html) : html;
  return service.turndown(source);
}

function createService(): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '*',
    blankReplacement: (_content, node) => {
      const el = node as unknown as DomNode & { isBlock?: boolean };
      return confluenceBlankReplacement(el) ?? (el.isBlock ? '\n\n' : '');
    },
  });
  service.use(gfm);
  service.remove((node) => DROPPED_ELEMENTS.has((node as unknown as DomNode).nodeName));

  service.addRule('preformatted', {
    filter: (node) => (node as unknown as DomNode).nodeName === 'PRE',
    replacement: (_content, node) => {
      const pre = node as unknown as DomNode;
      return `\n\n${fenced(textWithLineBreaks(pre), codeLanguageOf(pre))}\n\n`;
    },
  });

  // A table with no header row (Google Docs, Word): the GFM plugin would keep it as raw HTML,
  // which the compiler never reads. An empty header row makes it a Markdown table.
  service.addRule('headerlessTable', {
    filter: (node) => {
      const el = node as unknown as DomNode & { rows?: ArrayLike<DomNode> };
      return el.nodeName === 'TABLE' && el.rows !== undefined && el.rows.length > 0 && !hasHeaderRow(el.rows[0]!);
    },
    replacement: (content, node) => {
      const rows = Array.from((node as unknown as { rows: ArrayLike<DomNode> }).rows);
      const columns = Math.max(...rows.map((r) => childCells(r).length), 1);
      const header = `|${'  |'.repeat(columns)}\n|${' --- |'.repeat(columns)}`;
      return `\n\n${header}${content.replace(/\n\n/g, '\n')}\n\n`;
    },
  });

  // A wiki paragraph that is a shell prompt (`<p>$ kubectl get pods</p>`) is code, not prose.
  service.addRule('promptParagraph', {
    filter: (node) => {
      const el = node as unknown as DomNode;
      return (
        (el.nodeName === 'P' || el.nodeName === 'DIV') && /^\s*\$ \S/.test(el.textContent ?? '') && !hasBlockChild(el)
      );
    },
    replacement: (_content, node) => `\n\n${fenced(textWithLineBreaks(node as unknown as DomNode), 'console')}\n\n`,
  });

  // <title> only when the page has no <h1>: Notion repeats the title as h1.page-title.
  service.addRule('documentTitle', {
    filter: (node) => (node as unknown as DomNode).nodeName === 'TITLE',
    replacement: (content, node) => {
      const doc = (node as unknown as DomNode).ownerDocument;
      const hasH1 = (doc?.getElementsByTagName('h1').length ?? 0) > 0;
      return hasH1 || content.trim() === '' ? '' : `# ${content.trim()}\n\n`;
    },
  });
  return service;
}

const DROPPED_ELEMENTS = new Set(['STYLE', 'SCRIPT', 'NOSCRIPT', 'META', 'LINK', 'TEMPLATE']);

/** Like the GFM plugin: a row of `<th>` cells, or any row in `<thead>`. */
function hasHeaderRow(row: DomNode): boolean {
  const cells = childCells(row);
  return row.parentNode?.nodeName === 'THEAD' || (cells.length > 0 && cells.every((c) => c.nodeName === 'TH'));
}

function childCells(row: DomNode): DomNode[] {
  return Array.from(row.childNodes).filter((c) => c.nodeName === 'TD' || c.nodeName === 'TH');
}

function hasBlockChild(el: DomNode): boolean {
  return Array.from(el.childNodes).some((child) => ['P', 'DIV', 'PRE', 'UL', 'OL', 'TABLE'].includes(child.nodeName));
}
