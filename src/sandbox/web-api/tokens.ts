import type { IncomingMessage } from 'node:http';
import type { JsonObject, TokenKind } from '../types.js';
import { SlackApiError } from './errors.js';

export function tokenKind(token: string | undefined): TokenKind {
  if (!token) return 'none';
  if (token.startsWith('xoxb-')) return 'bot';
  if (token.startsWith('xapp-')) return 'app';
  if (token.startsWith('xoxp-')) return 'user';
  return 'unknown';
}

/**
 * Finds the caller's token: the Authorization header, or a `token` form field (Slack still accepts
 * that for form posts, never for JSON bodies nor for apps.connections.open).
 */
export function presentedToken(
  req: IncomingMessage,
  args: JsonObject,
  bodyFormat: string,
  method: string,
): string | undefined {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    return match?.[1] ?? header.trim();
  }
  if (bodyFormat === 'form' && method !== 'apps.connections.open' && typeof args.token === 'string') {
    return args.token;
  }
  return undefined;
}

/** not_authed without a token, invalid_auth for a token the workspace never issued. */
export function authenticate(token: string | undefined, issued: { bot: string; app: string }): TokenKind {
  const kind = tokenKind(token);
  if (kind === 'none') throw new SlackApiError('not_authed');
  if (kind === 'bot' && token === issued.bot) return kind;
  if (kind === 'app' && token === issued.app) return kind;
  throw new SlackApiError('invalid_auth');
}
