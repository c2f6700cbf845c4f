import type { ResponseUrlRegistry } from './interactions/response-urls.js';
import type { TriggerRegistry } from './interactions/triggers.js';
import type { EnvelopeDeliveries } from './socket-mode/deliveries.js';
import type { SocketModeServer } from './socket-mode/server.js';
import type { SandboxStore } from './store.js';
import type { TimerSet } from './timers.js';
import type { ResolvedSandboxOptions } from './types.js';
import type { FaultInjector } from './web-api/faults.js';
import type { PostRateLimiter, UpdateRateTracker } from './web-api/rate-limits.js';

/** Everything the sandbox's parts share; built once in startSlackSandbox. */
export interface SandboxContext {
  options: ResolvedSandboxOptions;
  store: SandboxStore;
  tokens: { bot: string; app: string };
  /** http://host:port, known once the server listens. */
  baseUrl: () => string;
  timers: TimerSet;
  triggers: TriggerRegistry;
  responseUrls: ResponseUrlRegistry;
  postLimiter: PostRateLimiter;
  updateTracker: UpdateRateTracker;
  socket: SocketModeServer;
  deliveries: EnvelopeDeliveries;
  /** Injected 429s and 5xx (off unless configured). */
  faults: FaultInjector;
}
