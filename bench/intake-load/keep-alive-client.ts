import net from 'node:net';
import type { Delivery } from './deliveries.js';

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * One keep-alive HTTP/1.1 connection with one request in flight at a time, as a webhook
 * sender's connection pool holds them. Minimal on purpose: the senders share the machine's
 * two cores with the server under test, and node:http's client costs several times more CPU
 * per request than this does. Answers must carry Content-Length (Fastify's JSON replies do).
 */
export class KeepAliveConnection {
  private socket: net.Socket | null = null;
  private received: Buffer = Buffer.alloc(0);
  private waiting: { resolve(status: number): void; reject(err: Error): void } | null = null;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  /** Sends the delivery and resolves with the answer's status code once its body is read. */
  post(d: Delivery): Promise<number> {
    const socket = this.connected();
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      let head = `POST ${d.path} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\ncontent-length: ${Buffer.byteLength(d.body)}\r\n`;
      for (const [name, value] of Object.entries(d.headers)) head += `${name}: ${value}\r\n`;
      socket.write(`${head}\r\n${d.body}`);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private connected(): net.Socket {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    const fail = (err?: Error) => {
      this.socket = null;
      this.received = Buffer.alloc(0);
      const waiting = this.waiting;
      this.waiting = null;
      waiting?.reject(err ?? new Error('connection closed before the answer'));
    };
    socket.on('error', fail);
    socket.on('close', () => fail());
    this.socket = socket;
    return socket;
  }

  private onData(chunk: Buffer): void {
    this.received = this.received.length ? Buffer.concat([this.received, chunk]) : chunk;
    const end = this.received.indexOf(HEADER_END);
    if (end < 0 || !this.waiting) return;
    const head = this.received.subarray(0, end).toString('latin1');
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) {
      this.waiting.reject(new Error(`answer without content-length: ${head.split('\r\n')[0]}`));
      this.waiting = null;
      return;
    }
    const total = end + HEADER_END.length + Number(length[1]);
    if (this.received.length < total) return;
    this.received = this.received.subarray(total);
    const waiting = this.waiting;
    this.waiting = null;
    waiting.resolve(status);
  }
}
