/**
 * The few DOM members the converter reads. The project compiles without the DOM lib, and
 * turndown hands us domino nodes, so this is the honest type for them.
 */
export interface DomNode {
  nodeName: string;
  nodeType: number;
  nodeValue: string | null;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  parentNode: DomNode | null;
  ownerDocument?: { getElementsByTagName(name: string): ArrayLike<DomNode> } | null;
  getAttribute?(name: string): string | null;
}

const TEXT_NODE = 3;

export function attr(node: DomNode, name: string): string | null {
  return typeof node.getAttribute === 'function' ? node.getAttribute(name) : null;
}

/** Text with `<br>` as a newline, which `textContent` loses. */
export function textWithLineBreaks(node: DomNode): string {
  if (node.nodeType === TEXT_NODE) return node.nodeValue ?? '';
  if (node.nodeName === 'BR') return '\n';
  let out = '';
  for (const child of Array.from(node.childNodes)) out += textWithLineBreaks(child);
  return out;
}

export function childElements(node: DomNode, nodeName: string): DomNode[] {
  return Array.from(node.childNodes).filter((c) => c.nodeName === nodeName);
}

/**
 * Code language from the usual markers: `class="language-x"`/`lang-x` on <code> or <pre>,
 * `data-language`, Confluence's `data-syntaxhighlighter-params="brush: bash"`.
 */
export function codeLanguageOf(pre: DomNode): string | null {
  const candidates = [pre, ...childElements(pre, 'CODE')];
  for (const node of candidates) {
    const dataLanguage = attr(node, 'data-language');
    if (dataLanguage) return cleanLanguage(dataLanguage);
    for (const cls of (attr(node, 'class') ?? '').split(/\s+/)) {
      const m = /^(?:language|lang)-(.+)$/.exec(cls);
      if (m?.[1]) return cleanLanguage(m[1]);
    }
    const brush = /(?:^|;)\s*brush:\s*([\w+#-]+)/.exec(attr(node, 'data-syntaxhighlighter-params') ?? '');
    if (brush?.[1]) return cleanLanguage(brush[1]);
  }
  return null;
}

function cleanLanguage(raw: string): string {
  return raw.trim().toLowerCase().replace(/\s+/g, '-');
}
