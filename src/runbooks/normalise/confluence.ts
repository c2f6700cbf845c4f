import type TurndownService from 'turndown';
import { attr, childElements, type DomNode } from './dom.js';
import { fenced } from './fence.js';

/**
 * Confluence storage format (XHTML with `ac:`/`ri:` elements). Code lives in
 * `<ac:structured-macro ac:name="code">` with the language in an `ac:parameter` and the
 * text in `<ac:plain-text-body><![CDATA[…]]>`.
 */

const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';

/**
 * An HTML parser reads CDATA as a bogus comment and loses the code, so CDATA sections
 * become escaped text first, inside a `<pre>`: turndown collapses whitespace everywhere
 * else, which would join a multi-line code macro into one line. CDATA cannot nest and
 * ends at the first `]]>`; Confluence splits a literal `]]>` across two sections, which
 * this joins back.
 */
export function unwrapCdata(xhtml: string): string {
  let out = '';
  let index = 0;
  for (;;) {
    const open = xhtml.indexOf(CDATA_OPEN, index);
    if (open === -1) return out + xhtml.slice(index);
    const close = xhtml.indexOf(CDATA_CLOSE, open + CDATA_OPEN.length);
    const end = close === -1 ? xhtml.length : close;
    out += `${xhtml.slice(index, open)}<pre>${escapeText(xhtml.slice(open + CDATA_OPEN.length, end))}</pre>`;
    index = close === -1 ? xhtml.length : close + CDATA_CLOSE.length;
  }
}

function escapeText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

const CODE_MACROS = new Set(['code', 'noformat']);
const DROPPED = new Set(['AC:PARAMETER', 'AC:IMAGE', 'AC:EMOTICON', 'AC:TASK-ID', 'AC:TASK-STATUS', 'AC:PLACEHOLDER']);

function macroName(node: DomNode): string {
  return (attr(node, 'ac:name') ?? '').toLowerCase();
}

function parameter(macro: DomNode, name: string): string | null {
  for (const p of childElements(macro, 'AC:PARAMETER')) {
    if ((attr(p, 'ac:name') ?? '').toLowerCase() === name) return (p.textContent ?? '').trim() || null;
  }
  return null;
}

export function addConfluenceRules(service: TurndownService): void {
  // turndown tries the most recently added rule first: general rules go in before specific ones.
  // Panels (info, note, warning, tip, expand, …) keep their rich body; parameters go.
  service.addRule('confluenceMacro', {
    filter: (node) => (node as unknown as DomNode).nodeName === 'AC:STRUCTURED-MACRO',
    replacement: (content, node) => `\n\n${panelLead(node as unknown as DomNode)}${content.trim()}\n\n`,
  });

  service.addRule('confluenceCodeMacro', {
    filter: (node) => {
      const el = node as unknown as DomNode;
      return el.nodeName === 'AC:STRUCTURED-MACRO' && CODE_MACROS.has(macroName(el));
    },
    replacement: (_content, node) => {
      const macro = node as unknown as DomNode;
      const body = childElements(macro, 'AC:PLAIN-TEXT-BODY')[0];
      const language = macroName(macro) === 'noformat' ? 'text' : (parameter(macro, 'language')?.toLowerCase() ?? null);
      const title = parameter(macro, 'title');
      const intro = title ? `${title}:\n\n` : '';
      return `\n\n${intro}${fenced(body?.textContent ?? '', language)}\n\n`;
    },
  });

  service.addRule('confluenceDropped', {
    filter: (node) => DROPPED.has((node as unknown as DomNode).nodeName),
    replacement: () => '',
  });

  // <ac:link><ri:page ri:content-title="Other page"/></ac:link> → the page title as text. A link
  // without text of its own counts as blank in turndown: see confluenceBlankReplacement.
  service.addRule('confluenceLink', {
    filter: (node) => (node as unknown as DomNode).nodeName === 'AC:LINK',
    replacement: (content, node) => content || linkTitle(node as unknown as DomNode),
  });

  service.addRule('confluenceTask', {
    filter: (node) => (node as unknown as DomNode).nodeName === 'AC:TASK',
    replacement: (content, node) => {
      const status = childElements(node as unknown as DomNode, 'AC:TASK-STATUS')[0]?.textContent?.trim();
      return `- [${status === 'complete' ? 'x' : ' '}] ${content.trim()}\n`;
    },
  });
  service.addRule('confluenceTaskList', {
    filter: (node) => (node as unknown as DomNode).nodeName === 'AC:TASK-LIST',
    replacement: (content) => `\n\n${content.trim()}\n\n`,
  });
}

/** A warning panel says so in words, so the reader guards the step after it (§9 of docs/runbooks.md). */
function panelLead(macro: DomNode): string {
  return WARNING_PANELS.has(macroName(macro)) ? '**Warning:** ' : '';
}
const WARNING_PANELS = new Set(['warning', 'caution']);

/** Turndown skips rules for blank elements; a bare page link is one, yet names its page. */
export function confluenceBlankReplacement(node: DomNode): string | null {
  // Whitespace collapsing already ate the space after an empty element: put one back.
  return node.nodeName === 'AC:LINK' ? `${linkTitle(node)} ` : null;
}

function linkTitle(link: DomNode): string {
  for (const child of Array.from(link.childNodes)) {
    const title = attr(child, 'ri:content-title') ?? attr(child, 'ri:value') ?? attr(child, 'ri:filename');
    if (title) return title;
  }
  return '';
}
