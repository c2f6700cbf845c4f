import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { isObject } from '../block-kit/issues.js';
import { newSecret } from '../ids.js';
import type { SandboxStore } from '../store.js';
import type { TimerSet } from '../timers.js';
import type { JsonObject } from '../types.js';

export type DisconnectReason = 'warning' | 'refresh_requested' | 'link_disabled' | 'too_many_websockets';

interface AppSocket {
  ws: WebSocket;
  id: number;
  /** A disconnect frame was sent: Slack stops routing envelopes to this connection. */
  draining: boolean;
}

/** Slack allows up to 10 Socket Mode connections per app. */
const MAX_CONNECTIONS = 10;
/** apps.connections.open URLs are short-lived and single-use. */
const TICKET_TTL_MS = 60_000;

/**
 * The `wss://…/link/?ticket=…` endpoint: hello on connect, envelopes out, acks in,
 * disconnect frames on request. Pings are answered by `ws` itself.
 */
export class SocketModeServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 8 * 1024 * 1024 });
  private readonly tickets = new Map<string, number>();
  private readonly sockets = new Set<AppSocket>();
  private nextSocketId = 1;

  constructor(
    private readonly deps: {
      store: SandboxStore;
      timers: TimerSet;
      onAck: (envelopeId: string, payload: JsonObject | undefined) => void;
    },
  ) {}

  /** What apps.connections.open returns. */
  issueUrl(httpBaseUrl: string): string {
    const ticket = newSecret(16);
    this.tickets.set(ticket, Date.now() + TICKET_TTL_MS);
    const wsBase = httpBaseUrl.replace(/^http/, 'ws');
    return `${wsBase}/link/?ticket=${ticket}&app_id=${this.deps.store.options.appId}`;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const ticket = url.searchParams.get('ticket') ?? '';
    const expiresAt = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (url.pathname !== '/link/' || expiresAt === undefined || expiresAt < Date.now()) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (this.activeCount() >= MAX_CONNECTIONS) {
      socket.end('HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    const appSocket: AppSocket = { ws, id: this.nextSocketId++, draining: false };
    this.sockets.add(appSocket);
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.onFrame(data);
    });
    ws.on('close', () => {
      this.sockets.delete(appSocket);
      this.announce();
    });
    ws.on('error', () => ws.terminate());
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.activeCount(),
        connection_info: { app_id: this.deps.store.options.appId },
        debug_info: { host: 'applink-sandbox', build_number: 1, approximate_connection_time: 18060 },
      }),
    );
    this.announce();
  }

  private onFrame(data: RawData): void {
    let frame: unknown;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (!isObject(frame) || typeof frame.envelope_id !== 'string') return;
    this.deps.onAck(frame.envelope_id, isObject(frame.payload) ? frame.payload : undefined);
  }

  activeCount(): number {
    let count = 0;
    for (const s of this.sockets) if (!s.draining && s.ws.readyState === s.ws.OPEN) count += 1;
    return count;
  }

  /** Sends one frame to one arbitrary live connection, like Slack. False when none is connected. */
  sendToOne(frame: JsonObject): boolean {
    const live = [...this.sockets].filter((s) => !s.draining && s.ws.readyState === s.ws.OPEN);
    const target = live[Math.floor(Math.random() * live.length)];
    if (!target) return false;
    target.ws.send(JSON.stringify(frame));
    return true;
  }

  /** Asks every connection to go away; closes the ones still open after the grace period. */
  disconnectAll(reason: DisconnectReason, graceMs: number): number {
    let count = 0;
    for (const s of this.sockets) {
      if (s.ws.readyState !== s.ws.OPEN) continue;
      s.draining = true;
      count += 1;
      s.ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-sandbox' } }));
      this.deps.timers.after(graceMs, () => {
        if (s.ws.readyState === s.ws.OPEN) s.ws.close(1001, reason);
      });
    }
    this.announce();
    return count;
  }

  /** Cuts every connection without a close handshake, like a network failure. */
  dropAll(): number {
    const count = this.sockets.size;
    for (const s of this.sockets) s.ws.terminate();
    return count;
  }

  close(): void {
    for (const s of this.sockets) s.ws.terminate();
    this.sockets.clear();
    this.wss.close();
  }

  private announce(): void {
    const connections = this.activeCount();
    this.deps.store.connections = connections;
    this.deps.store.emit({ kind: 'connection', connections });
  }
}
