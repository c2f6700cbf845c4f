/**
 * The senders of bench:intake-load, in a process of their own so that the server's event
 * loop serves deliveries only. Started by bench/intake-load.ts with the server's port;
 * posts as fast as it is answered for the given seconds, then sends its counts back.
 */
import http from 'node:http';
import { type Delivery, MAKERS } from './deliveries.js';

export interface SenderRun {
  port: number;
  seconds: number;
  senders: number;
}

export interface SenderTally {
  sent: number;
  accepted: number;
  refused: number;
  elapsedSeconds: number;
  /** CPU the senders used (µs), to tell their share from the server's. */
  cpuMicros: number;
  latencies: number[];
}

function send(agent: http.Agent, port: number, d: Delivery): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: d.path, method: 'POST', headers: d.headers, agent },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(d.body);
  });
}

async function run({ port, seconds, senders }: SenderRun): Promise<SenderTally> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: senders });
  const sources = Object.keys(MAKERS);
  const tally: SenderTally = { sent: 0, accepted: 0, refused: 0, elapsedSeconds: 0, cpuMicros: 0, latencies: [] };
  const cpu0 = process.cpuUsage();
  const began = performance.now();
  const deadline = began + seconds * 1000;
  async function sender(index: number): Promise<void> {
    const source = sources[index % sources.length]!;
    while (performance.now() < deadline) {
      const delivery = MAKERS[source]!(tally.sent++);
      const started = performance.now();
      const status = await send(agent, port, delivery);
      tally.latencies.push(performance.now() - started);
      if (status === 202) tally.accepted += 1;
      else tally.refused += 1;
    }
  }
  try {
    await Promise.all(Array.from({ length: senders }, (_, i) => sender(i)));
    tally.elapsedSeconds = (performance.now() - began) / 1000;
    const cpu = process.cpuUsage(cpu0);
    tally.cpuMicros = cpu.user + cpu.system;
    return tally;
  } finally {
    agent.destroy();
  }
}

process.once('message', (message: SenderRun) => {
  run(message).then(
    (tally) => process.send?.(tally, () => process.exit(0)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
});
