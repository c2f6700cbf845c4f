import type { Redis } from 'ioredis';
import type { CommandControlPort, PanicEvent, PanicSignalPort, StopRequest } from '../lib/command-control.js';
import type { Logger } from '../lib/logger.js';

/** One pub/sub channel per install (queue prefix): every worker hears every stop request. */
export function controlChannel(prefix: string): string {
  return `${prefix}:control`;
}

export type ControlMessage = ({ type: 'stop' } & StopRequest) | ({ type: 'panic' } & PanicEvent);

/** The publishing side: ⛔ Abort asks every worker to stop a command; the panic switch, to stop all. */
export function createCommandControl(redis: Redis, prefix: string): CommandControlPort & PanicSignalPort {
  const publish = (message: ControlMessage) => redis.publish(controlChannel(prefix), JSON.stringify(message));
  return {
    async stop(request) {
      await publish({ type: 'stop', ...request });
    },
    async broadcast(event) {
      await publish({ type: 'panic', ...event });
    },
  };
}

export interface ControlHandlers {
  onStop(request: StopRequest): void;
  onPanic(event: PanicEvent): void;
}

/** The worker side: a dedicated subscriber connection; each message reaches its handler. */
export async function subscribeToControl(
  subscriber: Redis,
  prefix: string,
  handlers: ControlHandlers,
  logger: Logger,
): Promise<void> {
  subscriber.on('message', (channel: string, raw: string) => {
    if (channel !== controlChannel(prefix)) return;
    try {
      const message = JSON.parse(raw) as ControlMessage;
      if (message.type === 'stop' && typeof message.runId === 'string') handlers.onStop(message);
      if (message.type === 'panic' && typeof message.on === 'boolean') handlers.onPanic(message);
    } catch (err) {
      logger.warn({ err }, 'ignored a malformed control message');
    }
  });
  await subscriber.subscribe(controlChannel(prefix));
}
