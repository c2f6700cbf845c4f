import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { SandboxContext } from '../context.js';
import type { SandboxDriver } from '../driver/index.js';
import { handleResponseUrl } from '../interactions/respond.js';
import type { LiveUpdates } from '../page/live-updates.js';
import { handlePageRequest } from '../page/routes.js';
import { serveWebFile } from '../page/static-files.js';
import { handleWebApiRequest } from '../web-api/router.js';
import { BodyTooLargeError, sendJson } from './body.js';
import { isTrustedHost } from './host-check.js';

/**
 * One node:http server for everything: /api/<method> (Web API), /respond/<id> (response_url),
 * /link/ (Socket Mode upgrade), /_sandbox/* and / (the page).
 */
export function createSandboxServer(sandbox: SandboxContext, driver: SandboxDriver, live: LiveUpdates): Server {
  const server = createServer((req, res) => {
    if (!isTrustedHost(req, sandbox.options.host)) return sendJson(res, 403, { ok: false, error: 'unknown_host' });
    route(sandbox, driver, live, req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { ok: false, error: 'request_too_large' });
      sandbox.options.logger.error({ err: error, url: req.url }, 'slack sandbox: request failed');
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal_error' });
      else res.end();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    if (isTrustedHost(req, sandbox.options.host)) return sandbox.socket.handleUpgrade(req, socket, head);
    socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  return server;
}

async function route(
  sandbox: SandboxContext,
  driver: SandboxDriver,
  live: LiveUpdates,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://sandbox').pathname;
  if (path.startsWith('/api/') && (req.method === 'POST' || req.method === 'GET')) {
    return handleWebApiRequest(sandbox, decodeURIComponent(path.slice('/api/'.length)), req, res);
  }
  if (path.startsWith('/respond/') && req.method === 'POST') {
    return handleResponseUrl(sandbox, path.slice('/respond/'.length), req, res);
  }
  if (path.startsWith('/_sandbox/')) {
    return handlePageRequest(sandbox, driver, live, path.slice('/_sandbox/'.length), req, res);
  }
  if (path === '/favicon.ico') {
    res.writeHead(204);
    res.end();
    return;
  }
  if (req.method === 'GET' && (path === '/' || path.startsWith('/archives/'))) return serveWebFile(res, 'index.html');
  sendJson(res, 404, { ok: false, error: 'not_found' });
}
