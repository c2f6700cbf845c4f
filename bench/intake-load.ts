/**
 * bench:intake-load — concurrent signed senders of every alert source (PagerDuty,
 * Alertmanager, Grafana, Opsgenie, JSM, generic) against the real webhook server for
 * BENCH_SECONDS (30): each delivery is in Postgres (inbox row; its audit event is sealed
 * right after, decision 0102) and its jobs are in Redis before its 2xx. The senders run in a
 * child process, so the server's event loop is the product's alone. Prints one JSON
 * object; `lost` counts 2xx answers whose delivery is not in Postgres afterwards.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createAlertIntake } from '../src/alerts/intake-service.js';
import { createDb } from '../src/db/database.js';
import { createJobProducer } from '../src/jobs/producer.js';
import { createRedis } from '../src/jobs/redis.js';
import { silentLogger } from '../src/lib/logger.js';
import { createHttpServer } from '../src/webhooks/server.js';
import setup from '../test/support/global-setup.js';
import { createTestDatabase, uniquePrefix } from '../test/support/test-db.js';
import { MAKERS, SECRETS } from './intake-load/deliveries.js';
import type { SenderRun, SenderTally } from './intake-load/senders.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 48);

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;
}

/** Runs the senders in a child process (bench/intake-load/senders.ts) and waits for their counts. */
function runSenders(run: SenderRun): Promise<SenderTally> {
  const child = fork(fileURLToPath(new URL('./intake-load/senders.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (tally) => resolve(tally as SenderTally));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`senders exited with code ${code} before reporting`)));
    child.send(run);
  });
}

await setup();
const db = await createTestDatabase();
const redis = createRedis('redis://127.0.0.1:6379', 'plain');
await redis.connect();
const prefix = uniquePrefix();
// The web process's own pool size (DATABASE_POOL_MAX), not the tests' small one.
const appDb = createDb({ url: db.appUrl, poolMax: Number(process.env.BENCH_POOL ?? 10) });
const jobs = createJobProducer({ connection: redis, prefix });
const server = createHttpServer({
  logger: silentLogger(),
  maxBodyBytes: 256 * 1024,
  intake: createAlertIntake({ db: appDb, jobs, logger: silentLogger() }),
  pagerdutySecrets: () => [SECRETS.pagerduty],
  sourceSecrets: () => ({
    alertmanager: { bearer: [SECRETS.token], basic: [] },
    grafana: { bearer: [], basic: [], hmacSecrets: [SECRETS.grafanaHmac] },
    opsgenie: { bearer: [SECRETS.token], basic: [] },
    jsm: { bearer: [SECRETS.token], basic: [] },
    generic: { hmacSecrets: [SECRETS.generic] },
  }),
  tenantId: () => 'T0BENCH',
  readiness: {},
});
const port = Number(new URL(await server.listen('127.0.0.1', 0)).port);
const serverCpu = process.cpuUsage();
try {
  const { sent, accepted, refused, elapsedSeconds, cpuMicros, latencies } = await runSenders({
    port,
    seconds: SECONDS,
    senders: SENDERS,
  });
  const { user, system } = process.cpuUsage(serverCpu);
  const stored = await db.owner
    .selectFrom('alert_inbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  latencies.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      sources: Object.keys(MAKERS).length,
      sent,
      accepted,
      perSecond: Math.round(accepted / elapsedSeconds),
      p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
      p99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
      lost: accepted - Number(stored.n),
    }),
  );
  // CPU per delivery is steadier than deliveries per second on a shared host: stderr, beside the JSON.
  const perDelivery = (micros: number) => (micros / 1000 / Math.max(accepted, 1)).toFixed(3);
  console.error(`CPU per delivery: server ${perDelivery(user + system)} ms, senders ${perDelivery(cpuMicros)} ms`);
  if (refused > 0) console.error(`${refused} deliveries were refused (not 202)`);
} finally {
  await server.close();
  await jobs.queue('alerts').obliterate({ force: true });
  await jobs.close();
  redis.disconnect();
  await appDb.destroy();
  await db.drop();
}
