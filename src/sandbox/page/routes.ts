import type { IncomingMessage, ServerResponse } from 'node:http';
import { isObject } from '../block-kit/issues.js';
import type { SandboxContext } from '../context.js';
import type { SandboxDriver } from '../driver/index.js';
import { SandboxDriverError } from '../driver-error.js';
import { readBody, sendJson } from '../http/body.js';
import type { SubmittedValues } from '../payloads/state-values.js';
import type { DisconnectReason } from '../socket-mode/server.js';
import type { JsonObject } from '../types.js';
import type { FaultSpec } from '../web-api/faults.js';
import { formatTypedText, parseSlashCommand } from './composer.js';
import type { LiveUpdates } from './live-updates.js';
import { pageSnapshot } from './snapshot.js';
import { serveWebFile } from './static-files.js';

/** `/_sandbox/...`: the page's own endpoints. Actions call the same driver functions tests use. */
export async function handlePageRequest(
  sandbox: SandboxContext,
  driver: SandboxDriver,
  live: LiveUpdates,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  if (req.method === 'GET') {
    if (path.startsWith('static/')) return serveWebFile(res, path.slice('static/'.length));
    if (path === 'events') return live.open(req, res);
    if (path === 'faults')
      return sendJson(res, 200, { ok: true, spec: sandbox.faults.current(), stats: sandbox.faults.stats });
    if (path === 'state') {
      const userId = url.searchParams.get('user') ?? '';
      const me = sandbox.store.users.has(userId) ? userId : (sandbox.options.users[0]?.id ?? '');
      return sendJson(res, 200, pageSnapshot(sandbox.store, me, Boolean(sandbox.options.onFireSampleAlert)));
    }
    return sendJson(res, 404, { ok: false, error: 'not_found' });
  }
  if (req.method !== 'POST' || !isSameOriginJson(req)) return sendJson(res, 403, { ok: false, error: 'forbidden' });
  let body: JsonObject;
  try {
    const parsed: unknown = JSON.parse(await readBody(req));
    body = isObject(parsed) ? parsed : {};
  } catch {
    return sendJson(res, 400, { ok: false, error: 'invalid_json' });
  }
  try {
    const result = await runAction(sandbox, driver, path, body);
    sendJson(res, 200, { ok: true, ...result });
  } catch (error) {
    if (error instanceof SandboxDriverError) {
      return sendJson(res, 200, { ok: false, error: error.message, fieldErrors: error.fieldErrors });
    }
    throw error;
  }
}

/** A JSON POST cannot come cross-site without a CORS preflight; the Origin check covers the rest. */
function isSameOriginJson(req: IncomingMessage): boolean {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return false;
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

const str = (body: JsonObject, key: string): string => (typeof body[key] === 'string' ? body[key] : '');
const optStr = (body: JsonObject, key: string): { [k: string]: string } =>
  typeof body[key] === 'string' && body[key] !== '' ? { [key]: body[key] } : {};
const values = (body: JsonObject): SubmittedValues => (isObject(body.values) ? (body.values as SubmittedValues) : {});

async function runAction(
  sandbox: SandboxContext,
  driver: SandboxDriver,
  path: string,
  body: JsonObject,
): Promise<JsonObject> {
  const userId = str(body, 'userId');
  switch (path) {
    case 'compose':
      return compose(sandbox, driver, body);
    case 'click':
      return {
        outcome: await driver.clickButton({
          userId,
          channelId: str(body, 'channelId'),
          messageTs: str(body, 'messageTs'),
          actionId: str(body, 'actionId'),
          ...optStr(body, 'blockId'),
          ...optStr(body, 'value'),
        }),
      };
    case 'select':
      return {
        outcome: await driver.selectOption({
          userId,
          channelId: str(body, 'channelId'),
          messageTs: str(body, 'messageTs'),
          actionId: str(body, 'actionId'),
          value: str(body, 'value'),
          ...optStr(body, 'blockId'),
        }),
      };
    case 'view-click':
      return {
        outcome: await driver.clickViewButton({
          userId,
          viewId: str(body, 'viewId'),
          actionId: str(body, 'actionId'),
          values: values(body),
          ...optStr(body, 'blockId'),
          ...optStr(body, 'value'),
        }),
      };
    case 'view-select':
      return {
        outcome: await driver.selectViewOption({
          userId,
          viewId: str(body, 'viewId'),
          actionId: str(body, 'actionId'),
          value: str(body, 'value'),
          values: values(body),
          ...optStr(body, 'blockId'),
        }),
      };
    case 'view-submit':
      return { outcome: await driver.submitView({ userId, viewId: str(body, 'viewId'), values: values(body) }) };
    case 'view-close':
      return { outcome: (await driver.closeView({ userId, viewId: str(body, 'viewId') })) ?? null };
    case 'home':
      return { outcome: await driver.openHome({ userId }) };
    case 'disconnect':
      return { asked: driver.disconnectAll((str(body, 'reason') || 'refresh_requested') as DisconnectReason) };
    case 'fire-alert':
      return fireAlert(sandbox);
    case 'faults':
      return { stats: driver.injectFaults(isObject(body.spec) ? (body.spec as FaultSpec) : {}) };
    default:
      throw new SandboxDriverError(`unknown page action ${path}`);
  }
}

/** The composer: "/cmd …" runs a slash command, anything else is a message (with @mentions). */
async function compose(sandbox: SandboxContext, driver: SandboxDriver, body: JsonObject): Promise<JsonObject> {
  const userId = str(body, 'userId');
  const channelId = str(body, 'channelId');
  const typed = str(body, 'text');
  const slash = parseSlashCommand(typed);
  if (slash) {
    if (!sandbox.options.commands.includes(slash.command)) {
      // What Slack's client says for an unknown command, shown only to the person.
      sandbox.store.addEphemeral({
        channel: channelId,
        ts: sandbox.store.nextTs(),
        user: userId,
        text: `${slash.command} is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.`,
        from: 'slack',
        source: 'slack',
      });
      return {};
    }
    return { outcome: await driver.slashCommand({ userId, channelId, command: slash.command, text: slash.text }) };
  }
  if (!typed.trim()) return {};
  const result = await driver.postAsUser({
    userId,
    channelId,
    text: formatTypedText(sandbox.store, typed),
    ...optStr(body, 'threadTs'),
  });
  return { ts: result.message.ts, events: result.events };
}

async function fireAlert(sandbox: SandboxContext): Promise<JsonObject> {
  const fire = sandbox.options.onFireSampleAlert;
  if (!fire)
    return { result: { ok: false, detail: 'No alert source is wired to this sandbox (onFireSampleAlert not set).' } };
  try {
    return { result: await fire() };
  } catch (error) {
    return { result: { ok: false, detail: error instanceof Error ? error.message : String(error) } };
  }
}
