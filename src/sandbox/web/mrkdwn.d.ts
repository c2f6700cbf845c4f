// Types for mrkdwn.js so the Node tests can import the page's parser.
export type MrkdwnNode =
  | { t: 'text'; v: string }
  | { t: 'bold' | 'italic' | 'strike' | 'quote'; c: MrkdwnNode[] }
  | { t: 'code'; v: string }
  | { t: 'pre'; v: string }
  | { t: 'link'; url: string; label: string }
  | { t: 'user'; id: string; label?: string }
  | { t: 'channel'; id: string; label?: string }
  | { t: 'special'; label: string }
  | { t: 'date'; ts: string; format: string; url: string | undefined; fallback: string }
  | { t: 'br' };

export function decodeEntities(text: string): string;
export function isSafeUrl(url: string): boolean;
export function parseMrkdwn(text: string): MrkdwnNode[];
export function parseInline(text: string): MrkdwnNode[];
