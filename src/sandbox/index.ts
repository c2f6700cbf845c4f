import type { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { SandboxContext } from './context.js';
import { keepConversationInFile } from './conversation-file.js';
import { resolveOptions } from './defaults.js';
import { createDriver, type SandboxDriver } from './driver/index.js';
import { createSandboxServer } from './http/server.js';
import { newSecret } from './ids.js';
import { createInspection, type SandboxInspection } from './inspection.js';
import { ResponseUrlRegistry } from './interactions/response-urls.js';
import { TriggerRegistry } from './interactions/triggers.js';
import { LiveUpdates } from './page/live-updates.js';
import { EnvelopeDeliveries } from './socket-mode/deliveries.js';
import { SocketModeServer } from './socket-mode/server.js';
import { SandboxStore } from './store.js';
import { TimerSet } from './timers.js';
import type { SandboxChannel, SandboxEventMap, SandboxOptions, SandboxUser } from './types.js';
import { FaultInjector } from './web-api/faults.js';
import { PostRateLimiter, UpdateRateTracker } from './web-api/rate-limits.js';

export type SlackSandbox = {
  /** http://127.0.0.1:PORT — the page lives here. */
  url: string;
  /** `${url}/api/` — give it to Bolt as clientOptions.slackApiUrl. */
  apiUrl: string;
  botToken: string;
  appToken: string;
  teamId: string;
  botUserId: string;
  users: SandboxUser[];
  channels: SandboxChannel[];
  /** Every change (`change`) and each kind on its own (`message`, `ephemeral`, `view`, `home`, `failure`, `call`, `connection`). */
  events: EventEmitter<SandboxEventMap>;
  close(): Promise<void>;
} & SandboxDriver &
  SandboxInspection;

/** Starts the local Slack: Web API, Socket Mode and the web page on one port. */
export async function startSlackSandbox(options: SandboxOptions = {}): Promise<SlackSandbox> {
  const resolved = resolveOptions(options);
  const store = new SandboxStore(resolved);
  const conversation = resolved.conversationFile ? keepConversationInFile(store, resolved.conversationFile) : null;
  const timers = new TimerSet();
  let baseUrl = '';
  const getBaseUrl = () => baseUrl;
  const deliveriesRef: { current?: EnvelopeDeliveries } = {};
  const socket = new SocketModeServer({
    store,
    timers,
    onAck: (envelopeId, payload) => deliveriesRef.current?.onAck(envelopeId, payload),
  });
  const deliveries = new EnvelopeDeliveries({ store, socket, timers });
  deliveriesRef.current = deliveries;
  const context: SandboxContext = {
    options: resolved,
    store,
    tokens: {
      bot: `xoxb-${resolved.teamId}-sandbox-${newSecret(10)}`,
      app: `xapp-1-${resolved.appId}-sandbox-${newSecret(10)}`,
    },
    baseUrl: getBaseUrl,
    timers,
    triggers: new TriggerRegistry(resolved.triggerTtlMs),
    responseUrls: new ResponseUrlRegistry(getBaseUrl),
    postLimiter: new PostRateLimiter(resolved.postsPerChannelPerSecond),
    updateTracker: new UpdateRateTracker(),
    socket,
    deliveries,
    faults: new FaultInjector(),
  };
  const driver = createDriver(context);
  const live = new LiveUpdates(store);
  const server = createSandboxServer(context, driver, live);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  // Bound to every interface: hand out loopback URLs, which work from the same machine.
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${host}:${address.port}`;
  resolved.logger.info({ url: baseUrl }, 'slack sandbox listening');

  let closed = false;
  return {
    url: baseUrl,
    apiUrl: `${baseUrl}/api/`,
    botToken: context.tokens.bot,
    appToken: context.tokens.app,
    teamId: resolved.teamId,
    botUserId: resolved.botUserId,
    users: resolved.users.map((u) => ({ ...u })),
    channels: resolved.channels.map((c) => ({ ...c, members: [...(c.members ?? [])] })),
    events: store.events,
    ...driver,
    ...createInspection(store),
    async close() {
      if (closed) return;
      closed = true;
      conversation?.close();
      timers.cancelAll();
      deliveries.abandonAll();
      live.close();
      socket.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type {
  ClickButtonInput,
  ClickViewButtonInput,
  CloseViewInput,
  PersonMessageInput,
  PersonMessageResult,
  SandboxDriver,
  SelectOptionInput,
  SelectViewOptionInput,
  SlashCommandInput,
  SubmitViewInput,
} from './driver/index.js';
export { SandboxDriverError } from './driver-error.js';
export type { SandboxInspection, WaitForOptions } from './inspection.js';
export type { SubmittedValues } from './payloads/state-values.js';
export type { DisconnectReason } from './socket-mode/server.js';
export type * from './types.js';
export type { FaultSpec, FaultStats } from './web-api/faults.js';
