import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';

/** The page is plain files in src/sandbox/web (no build step); only these names are served. */
const WEB_DIR = fileURLToPath(new URL('../web/', import.meta.url));
const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'state.js': 'text/javascript; charset=utf-8',
  'context.js': 'text/javascript; charset=utf-8',
  'sidebar.js': 'text/javascript; charset=utf-8',
  'conversation.js': 'text/javascript; charset=utf-8',
  'modal.js': 'text/javascript; charset=utf-8',
  'render.js': 'text/javascript; charset=utf-8',
  'mrkdwn.js': 'text/javascript; charset=utf-8',
  'slack-date.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

export async function serveWebFile(res: ServerResponse, name: string): Promise<void> {
  const type = FILES[name];
  if (!type) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
    return;
  }
  const body = await readFile(`${WEB_DIR}${name}`);
  res.writeHead(200, {
    'content-type': type,
    'cache-control': 'no-store',
    // Message content is rendered with textContent, and this forbids any inline script as a second wall.
    // No other site may frame the page: a framed Approve button could be clicked by a lure (clickjacking).
    'content-security-policy':
      "default-src 'self'; img-src 'self' data: https: http:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}
