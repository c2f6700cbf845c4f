import type { Redis } from 'ioredis';
import type { CommandControlPort, StopRequest } from '../lib/command-control.js';
import type { Logger } from '../lib/logger.js';

/** One pub/sub channel per install (queue prefix): every worker hears every stop request. */
export function controlChannel(prefix: string): string {
  return `${prefix}:control`;
}

export type ControlMessage = { type: 'stop' } & StopRequest;

/** The publishing side: ⛔ Abort (and the panic switch) ask every worker to stop a command. */
export function createCommandControl(redis: Redis, prefix: string): CommandControlPort {
  return {
    async stop(request) {
      const message: ControlMessage = { type: 'stop', ...request };
      await redis.publish(controlChannel(prefix), JSON.stringify(message));
    },
  };
}

/** The worker side: a dedicated subscriber connection; each stop request reaches `onStop`. */
export async function subscribeToControl(
  subscriber: Redis,
  prefix: string,
  onStop: (request: StopRequest) => void,
  logger: Logger,
): Promise<void> {
  subscriber.on('message', (channel: string, raw: string) => {
    if (channel !== controlChannel(prefix)) return;
    try {
      const message = JSON.parse(raw) as ControlMessage;
      if (message.type === 'stop' && typeof message.runId === 'string') onStop(message);
    } catch (err) {
      logger.warn({ err }, 'ignored a malformed control message');
    }
  });
  await subscriber.subscribe(controlChannel(prefix));
}
