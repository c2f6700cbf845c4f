import type { IncomingMessage, ServerResponse } from 'node:http';
import { isObject } from '../block-kit/issues.js';
import type { SandboxContext } from '../context.js';
import { readBody, sendJson } from '../http/body.js';
import { postBotMessage, threadRoot } from '../messages.js';
import type { JsonObject } from '../types.js';
import { optionalBoolean, optionalString } from '../web-api/args.js';
import { SlackApiError } from '../web-api/errors.js';
import { readMessageContent } from '../web-api/message-content.js';
import { type IssuedResponseUrl, RESPONSE_URL_MAX_USES, RESPONSE_URL_TTL_MS } from './response-urls.js';

/**
 * `POST /respond/<id>`: what Bolt's respond() does. Ephemeral by default; `in_channel` posts;
 * `replace_original` / `delete_original` act on the message whose button was clicked.
 */
export async function handleResponseUrl(
  sandbox: SandboxContext,
  id: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const issued = sandbox.responseUrls.find(id);
  const raw = await readBody(req);
  let status = 200;
  let body: JsonObject = { ok: true };
  let args: JsonObject = {};
  try {
    args = parseResponseBody(raw, req.headers['content-type']);
    if (!issued || Date.now() - issued.issuedAt > RESPONSE_URL_TTL_MS) throw new SlackApiError('expired_url', {}, 404);
    if (issued.uses >= RESPONSE_URL_MAX_USES) throw new SlackApiError('used_url', {}, 404);
    issued.uses += 1;
    applyResponse(sandbox, issued, args);
  } catch (error) {
    if (!(error instanceof SlackApiError)) throw error;
    status = error.status === 200 ? 400 : error.status;
    body = { ok: false, error: error.code, ...error.extra };
    sandbox.store.recordFailure({
      kind: 'response_url_error',
      description: `respond() via response_url failed: ${error.code}`,
      ...(issued ? { userId: issued.origin.userId, channelId: issued.origin.channel } : {}),
    });
  }
  sandbox.store.recordCall({ method: 'response_url', args, tokenKind: 'none', at: Date.now(), status, response: body });
  sendJson(res, status, body);
}

function parseResponseBody(raw: string, contentType: string | undefined): JsonObject {
  try {
    if ((contentType ?? '').includes('application/x-www-form-urlencoded')) {
      const payload = new URLSearchParams(raw).get('payload');
      const parsed: unknown = payload ? JSON.parse(payload) : {};
      if (isObject(parsed)) return parsed;
    } else {
      const parsed: unknown = JSON.parse(raw);
      if (isObject(parsed)) return parsed;
    }
  } catch {
    // fall through
  }
  throw new SlackApiError('invalid_payload');
}

function applyResponse(sandbox: SandboxContext, issued: IssuedResponseUrl, args: JsonObject): void {
  const { store } = sandbox;
  const origin = issued.origin;
  if (origin.kind === 'message_action' && optionalBoolean(args, 'delete_original')) {
    if (origin.ephemeral) {
      const ephemeral = store.findEphemeral(origin.userId, origin.messageTs);
      if (ephemeral) store.deleteEphemeral(ephemeral);
    } else {
      const message = store.findMessage(origin.channel, origin.messageTs);
      if (message) store.deleteMessage(message);
    }
    return;
  }
  const content = readMessageContent(args, sandbox.options);
  if (origin.kind === 'message_action' && optionalBoolean(args, 'replace_original')) {
    if (origin.ephemeral) {
      const ephemeral = store.findEphemeral(origin.userId, origin.messageTs);
      if (!ephemeral) throw new SlackApiError('message_not_found');
      store.replaceEphemeral(ephemeral, content.text, content.blocks);
      return;
    }
    const message = store.findMessage(origin.channel, origin.messageTs);
    if (!message) throw new SlackApiError('message_not_found');
    message.text = content.text;
    if (content.blocks) message.blocks = content.blocks;
    else delete message.blocks;
    message.edited = { user: store.options.botUserId, ts: store.nextTs() };
    store.touchMessage(message);
    return;
  }
  const requestedThread =
    optionalString(args, 'thread_ts') ?? (origin.kind === 'message_action' ? origin.threadTs : undefined);
  const threadTs = requestedThread ? threadRoot(store, origin.channel, requestedThread) : undefined;
  if (args.response_type === 'in_channel') {
    postBotMessage(store, {
      channel: origin.channel,
      text: content.text,
      ...(content.blocks ? { blocks: content.blocks } : {}),
      ...(threadTs ? { threadTs } : {}),
      source: 'response_url',
    });
    return;
  }
  store.addEphemeral({
    channel: origin.channel,
    ts: store.nextTs(),
    user: origin.userId,
    ...(threadTs ? { threadTs } : {}),
    text: content.text,
    ...(content.blocks ? { blocks: content.blocks } : {}),
    from: 'app',
    source: 'response_url',
  });
}
