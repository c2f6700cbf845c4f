/**
 * The senders of bench:intake-load, in a process of their own so that the server's event
 * loop serves deliveries only. Started by bench/intake-load.ts with the server's port;
 * each sender keeps one connection and posts as fast as it is answered for the given seconds,
 * then the counts go back to the parent.
 */
import { MAKERS } from './deliveries.js';
import { KeepAliveConnection } from './keep-alive-client.js';

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

async function run({ port, seconds, senders }: SenderRun): Promise<SenderTally> {
  const connections = Array.from({ length: senders }, () => new KeepAliveConnection('127.0.0.1', port));
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
      const status = await connections[index]!.post(delivery);
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
    for (const c of connections) c.close();
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
