// Slack mrkdwn → a small tree of nodes. Pure (no DOM), so Node tests can check it; render.js
// turns the nodes into DOM with textContent only, so message content can never inject HTML.
//
// Node shapes: {t:'text',v} {t:'bold'|'italic'|'strike'|'quote',c:[…]} {t:'code',v} {t:'pre',v}
// {t:'link',url,label} {t:'user',id,label} {t:'channel',id,label} {t:'special',label} {t:'br'}
// {t:'date',ts,format,url,fallback} (formatted in the reader's time zone when rendered)

/** Slack escapes only these three characters; decode them for display. */
export function decodeEntities(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Only these schemes become clickable links (never javascript:). */
export function isSafeUrl(url) {
  return /^(https?:|mailto:)/i.test(url);
}

export function parseMrkdwn(text) {
  const nodes = [];
  const parts = String(text ?? '').split(/```([\s\S]*?)```/);
  parts.forEach((part, index) => {
    if (index % 2 === 1) {
      nodes.push({ t: 'pre', v: decodeEntities(part.replace(/^\n/, '')) });
      return;
    }
    const lines = part.split('\n');
    lines.forEach((line, lineIndex) => {
      if (lineIndex > 0) nodes.push({ t: 'br' });
      const quote = /^(&gt;|>)\s?(.*)$/.exec(line);
      if (quote) nodes.push({ t: 'quote', c: parseInline(quote[2]) });
      else if (line !== '') nodes.push(...parseInline(line));
    });
  });
  return nodes;
}

const EMPHASIS = [
  { t: 'bold', marker: '*' },
  { t: 'italic', marker: '_' },
  { t: 'strike', marker: '~' },
];

function emphasisPattern(marker) {
  const m = `\\${marker}`;
  // Opening marker at a word boundary, no space just inside the markers, closing marker not followed by a word char.
  return new RegExp(`(^|[^\\w${m}])${m}([^\\s${m}](?:[^${m}\\n]*[^\\s${m}])?)${m}(?!\\w)`, 'g');
}

/** Finds the earliest inline construct; text before it stays text. Emphasis nests by recursion. */
export function parseInline(text) {
  const nodes = [];
  let rest = text;
  while (rest.length > 0) {
    const candidates = [];
    const code = /`([^`\n]+)`/.exec(rest);
    if (code)
      candidates.push({ index: code.index, length: code[0].length, node: { t: 'code', v: decodeEntities(code[1]) } });
    const control = /<([^<>\n]+)>/.exec(rest);
    if (control) candidates.push({ index: control.index, length: control[0].length, node: controlNode(control[1]) });
    for (const { t, marker } of EMPHASIS) {
      const match = emphasisPattern(marker).exec(rest);
      if (match) {
        const lead = match[1].length;
        candidates.push({
          index: match.index + lead,
          length: match[0].length - lead,
          node: { t, c: parseInline(match[2]) },
        });
      }
    }
    if (candidates.length === 0) {
      nodes.push({ t: 'text', v: decodeEntities(rest) });
      break;
    }
    candidates.sort((a, b) => a.index - b.index);
    const first = candidates[0];
    if (first.index > 0) nodes.push({ t: 'text', v: decodeEntities(rest.slice(0, first.index)) });
    nodes.push(first.node);
    rest = rest.slice(first.index + first.length);
  }
  return nodes;
}

function controlNode(inner) {
  const [target, ...labelParts] = inner.split('|');
  const label = labelParts.length > 0 ? decodeEntities(labelParts.join('|')) : undefined;
  if (target.startsWith('@')) return { t: 'user', id: target.slice(1), label };
  if (target.startsWith('#')) return { t: 'channel', id: target.slice(1), label };
  if (target.startsWith('!date^')) return dateNode(target, label);
  if (target.startsWith('!')) {
    const name = target.slice(1).split('^')[0];
    return { t: 'special', label: label ?? `@${name}` };
  }
  const url = decodeEntities(target);
  return { t: 'link', url, label: label ?? url };
}

/** <!date^unix^format^optional_link|fallback>: Slack shows the date in the reader's time zone. */
function dateNode(target, fallback) {
  const [, ts = '', format = '', link] = target.split('^');
  const url = link ? decodeEntities(link) : undefined;
  return { t: 'date', ts, format: decodeEntities(format), url, fallback: fallback ?? '' };
}
