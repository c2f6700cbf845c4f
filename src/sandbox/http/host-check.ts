import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * DNS rebinding: a page on another site can make its own name resolve to 127.0.0.1, and
 * its requests then reach the sandbox as "same origin" (the Origin and the Host both say
 * that name). A rebinding needs a name, so the sandbox answers only requests addressed
 * to an IP literal, `localhost` or the host it was told to bind to.
 */
export function isTrustedHost(req: IncomingMessage, configuredHost: string): boolean {
  const name = hostnameOf(req.headers.host);
  if (name === null) return false;
  if (name === 'localhost' || isIP(name) !== 0) return true;
  return name === configuredHost.toLowerCase();
}

function hostnameOf(header: string | undefined): string | null {
  if (!header) return null;
  try {
    return new URL(`http://${header}`).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return null;
  }
}
