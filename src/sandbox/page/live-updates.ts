import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxStore } from '../store.js';
import type { SandboxChange } from '../types.js';

/** Server-Sent Events: the page hears about every change at once and refetches its state. */
export class LiveUpdates {
  private readonly streams = new Set<ServerResponse>();
  private readonly keepAlive: NodeJS.Timeout;

  constructor(store: SandboxStore) {
    store.events.on('change', (change) => this.broadcast(change));
    this.keepAlive = setInterval(() => {
      for (const res of this.streams) res.write(': keep-alive\n\n');
    }, 15_000);
    this.keepAlive.unref();
  }

  open(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    this.streams.add(res);
    req.on('close', () => this.streams.delete(res));
  }

  private broadcast(change: SandboxChange): void {
    // Calls are frequent and change nothing on screen except stats: send only the kind.
    const data = JSON.stringify({ kind: change.kind });
    for (const res of this.streams) res.write(`event: change\ndata: ${data}\n\n`);
  }

  close(): void {
    clearInterval(this.keepAlive);
    for (const res of this.streams) res.end();
    this.streams.clear();
  }
}
