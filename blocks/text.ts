/**
 * Text helpers every builder uses: escape user text for mrkdwn, and cut to Slack's
 * limits with a note saying so (never silently).
 */
export const LIMITS = {
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  contextText: 3000,
  blocksPerMessage: 50,
  blocksPerView: 100,
  modalTitle: 24,
  privateMetadata: 3000,
  plainTextInitial: 3000,
} as const;

/** Slack mrkdwn escaping: only &, < and > (anything more shows up literally). */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A link to a URL that came from outside (an alert's page): only a plain http(s) URL with no
 * mrkdwn control characters becomes `<url|label>`. Anything else would let the sender close
 * the link early and add its own (`…|Open> <!channel> <https://evil|…`): it is shown as
 * escaped text instead, never as a link.
 */
export function externalLink(url: string, label: string): string {
  if (/^https?:\/\/[^\s<>|]+$/i.test(url) && url.length <= 2000) return `<${esc(url)}|${esc(label)}>`;
  return `${esc(label)}: ${esc(truncate(url, 200))}`;
}

export function truncate(text: string, max: number, note = '… (truncated)'): string {
  if (text.length <= max) return text;
  // An ellipsis the text already had at the cut would read "…… (truncated)".
  return text.slice(0, Math.max(0, max - note.length)).replace(/\s*(\.{3}|…)\s*$/, '') + note;
}

/**
 * Runbook prose (Markdown) as Slack mrkdwn, after escaping: links become Slack links (a
 * relative link, which means nothing in Slack, keeps only its text), `**bold**` and headings
 * become Slack bold.
 */
export function markdownToMrkdwn(escaped: string): string {
  return escaped
    .replace(/!\[([^\]]*)\]\([^)\s]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s|]+)\)/g, '<$2|$1>')
    .replace(/\[([^\]]+)\]\([^)\s]*\)/g, '$1')
    .replace(/\*\*([^*\n]+)\*\*/g, '*$1*')
    .replace(/^#{1,6}\s+(.+)$/gm, '*$1*');
}

/** Keeps the end of a text (output tails matter most), saying how much was cut. */
export function truncateStart(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = `… (${text.length - max} earlier characters not shown)\n`;
  return note + text.slice(text.length - (max - note.length));
}

/** A code block safe for mrkdwn: backtick fences in the content cannot end it early. */
export function codeBlock(code: string, max: number): string {
  const safe = esc(code.replace(/```/g, '`\u200b``'));
  return `\`\`\`${truncate(safe, max - 6)}\`\`\``;
}

export function plain(text: string, max: number): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text: truncate(text, max, '…'), emoji: true };
}

export function mrkdwn(text: string, max: number = LIMITS.sectionText): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text: truncate(text, max) };
}

export function userRef(userId: string): string {
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : esc(userId);
}
