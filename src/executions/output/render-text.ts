import type { OutputView } from '../output-stream.js';

/**
 * A plain mrkdwn rendering of an OutputView: a note about cut lines, then the tail in a code
 * fence, within Slack's 3,000-char section limit. The Block Kit builder may use it as the
 * section text; it is also the `text` fallback.
 */

export const SECTION_LIMIT = 3000;

export function truncationNote(truncatedLines: number): string {
  if (truncatedLines <= 0) return '';
  const n = truncatedLines.toLocaleString('en-US');
  return `… ${n} earlier line${truncatedLines === 1 ? '' : 's'} not shown`;
}

// ANSI colour/cursor sequences and other control characters (keep \n and \t).
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
const CONTROL = /\u001b\[[0-9;?]*[ -/]*[@-~]|[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** Slack mrkdwn needs &, <, > escaped; a ``` inside the tail would close our fence. */
function escapeForFence(text: string): string {
  return text
    .replace(CONTROL, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/```/g, '`\u200b``');
}

export function renderOutputText(view: OutputView, maxChars = SECTION_LIMIT): string {
  const note = truncationNote(view.truncatedLines);
  const frame = (b: string): string => `${note === '' ? '' : `${note}\n`}\`\`\`\n${b}\n\`\`\``;
  if (view.tail === '') return frame(view.done ? '(no output)' : '(waiting for output…)');
  const full = frame(escapeForFence(view.tail));
  if (full.length <= maxChars) return full;
  // escaping can lengthen the text: find the smallest cut from the front (oldest output)
  // that fits. Cut the raw text, then escape, so no entity is split.
  const fits = (k: number): boolean => frame(`…${escapeForFence(view.tail.slice(k))}`).length <= maxChars;
  let lo = 1;
  let hi = view.tail.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fits(mid)) hi = mid;
    else lo = mid + 1;
  }
  const body = `…${escapeForFence(view.tail.slice(lo))}`;
  return frame(body);
}
