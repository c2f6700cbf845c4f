import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from '../context.js';
import { parseBody, readBody, sendJson } from '../http/body.js';
import type { JsonObject, TokenKind } from '../types.js';
import { SlackApiError } from './errors.js';
import { METHODS } from './methods/index.js';
import { authenticate, presentedToken, tokenKind } from './tokens.js';

/** Handles `POST /api/<method>` (and GET with query args) exactly as slack.com/api does. */
export async function handleWebApiRequest(
  sandbox: SandboxContext,
  method: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const query = Object.fromEntries(new URL(req.url ?? '/', 'http://sandbox').searchParams);
  const parsed =
    req.method === 'GET'
      ? { format: 'form' as const, args: {} }
      : parseBody(req.headers['content-type'], await readBody(req));
  let status = 200;
  let headers: Record<string, string> = {};
  let body: JsonObject;
  let kind: TokenKind = 'none';
  const args: JsonObject = parsed.format === 'invalid' ? { ...query } : { ...query, ...parsed.args };
  try {
    if (parsed.format === 'invalid') throw new SlackApiError(parsed.error);
    const spec = METHODS[method];
    if (!spec) throw new SlackApiError('unknown_method');
    // A token in the query string is refused (Slack stopped accepting those); only the body counts.
    const token = presentedToken(req, parsed.args, parsed.format, method);
    kind = tokenKind(token);
    kind = authenticate(token, sandbox.tokens);
    if (!spec.tokens.includes(kind)) throw new SlackApiError('not_allowed_token_type');
    const fault = sandbox.faults.draw(method);
    if (fault === 'rate_limit' || fault === 'server_error') throw sandbox.faults.error(fault);
    body = { ok: true, ...(await spec.handle({ args, tokenKind: kind, sandbox })) };
    if (fault === 'lost_response') throw sandbox.faults.error(fault);
  } catch (error) {
    if (!(error instanceof SlackApiError)) throw error;
    status = error.status;
    headers = error.headers;
    body = { ok: false, error: error.code, ...error.extra };
  }
  sandbox.store.recordCall({
    method,
    args: readableArgs(args),
    tokenKind: kind,
    at: Date.now(),
    status,
    response: body,
  });
  sendJson(res, status, body, headers);
}

/** What calls() shows: no token, and JSON-string fields decoded so tests can read them. */
function readableArgs(args: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(args)) {
    if (key === 'token') continue;
    if (
      typeof value === 'string' &&
      /^[[{]/.test(value) &&
      ['blocks', 'view', 'metadata', 'attachments'].includes(key)
    ) {
      try {
        out[key] = JSON.parse(value) as unknown;
        continue;
      } catch {
        // keep the raw string: the call was answered invalid_blocks_format / invalid_arguments
      }
    }
    out[key] = value;
  }
  return out;
}
