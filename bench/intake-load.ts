/**
 * bench:intake-load — concurrent signed senders of every alert source (PagerDuty,
 * Alertmanager, Grafana, Opsgenie, JSM, generic) against the real webhook server for
 * BENCH_SECONDS (30): each delivery is in Postgres (inbox row + audit event, job enqueued
 * in Redis) before its 2xx. Prints one JSON object; `lost` counts 2xx answers whose
 * delivery is not in Postgres afterwards.
 */
import http from 'node:http';
import { createAlertIntake } from '../src/alerts/intake-service.js';
import { createDb } from '../src/db/database.js';
import { createJobProducer } from '../src/jobs/producer.js';
import { createRedis } from '../src/jobs/redis.js';
import { silentLogger } from '../src/lib/logger.js';
import { createHttpServer } from '../src/webhooks/server.js';
import setup from '../test/support/global-setup.js';
import { createTestDatabase, uniquePrefix } from '../test/support/test-db.js';
import { type Delivery, MAKERS, SECRETS } from './intake-load/deliveries.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 48);

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;
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
const agent = new http.Agent({ keepAlive: true, maxSockets: SENDERS });
const sources = Object.keys(MAKERS);
const latencies: number[] = [];
let sent = 0;
let accepted = 0;
let refused = 0;
const deadline = performance.now() + SECONDS * 1000;

async function sender(index: number): Promise<void> {
  const source = sources[index % sources.length]!;
  while (performance.now() < deadline) {
    const delivery = MAKERS[source]!(sent++);
    const started = performance.now();
    const status = await send(agent, port, delivery);
    latencies.push(performance.now() - started);
    if (status === 202) accepted += 1;
    else refused += 1;
  }
}

try {
  const began = performance.now();
  await Promise.all(Array.from({ length: SENDERS }, (_, i) => sender(i)));
  const elapsed = (performance.now() - began) / 1000;
  const stored = await db.owner
    .selectFrom('alert_inbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  latencies.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      sources: sources.length,
      sent,
      accepted,
      perSecond: Math.round(accepted / elapsed),
      p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
      p99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
      lost: accepted - Number(stored.n),
    }),
  );
  if (refused > 0) console.error(`${refused} deliveries were refused (not 202)`);
} finally {
  agent.destroy();
  await server.close();
  await jobs.queue('alerts').obliterate({ force: true });
  await jobs.close();
  redis.disconnect();
  await appDb.destroy();
  await db.drop();
}
