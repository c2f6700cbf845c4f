import { subscribeToControl } from '../jobs/command-control.js';
import { createRedis } from '../jobs/redis.js';
import type { Runtime } from './runtime.js';

/**
 * A worker listens for stop requests (⛔ Abort) and the panic switch on a connection of its
 * own, and kills what it runs at once. Each kill is logged with when the request was made
 * and when the command was signalled (`bench:panic` reads them).
 */
export async function listenForControl(runtime: Runtime): Promise<{ close(): void }> {
  const subscriber = createRedis(runtime.config.redis.url, 'worker');
  subscriber.on('error', (err) => runtime.logger.warn({ err }, 'control subscriber redis error'));
  await subscriber.connect();
  await subscribeToControl(
    subscriber,
    runtime.config.redis.queuePrefix,
    {
      onStop: (request) => {
        const stopped = runtime.executions.stopLocal(request.runId, request.reason);
        if (stopped) runtime.logger.info({ runId: request.runId, by: request.by }, 'command stopped on request');
      },
      onPanic: (event) => {
        if (!event.on) return;
        const stopped = runtime.executions.stopAllLocal(event.tenantId, `panic switch pulled by ${event.by}`);
        for (const s of stopped) {
          const signalledAt = s.signalledAtMs ?? Date.now();
          runtime.logger.warn(
            { runId: s.runId, requestedAt: event.at, signalledAt, latencyMs: signalledAt - event.at },
            'panic: command signalled',
          );
        }
      },
    },
    runtime.logger,
  );
  return { close: () => subscriber.disconnect() };
}
