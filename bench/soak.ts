import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  emptyCounts,
  FAULT_ROTATION,
  type FaultCounts,
  pauseRedis,
  setSlackFaults,
  slackFaultStats,
  terminatePostgres,
} from './soak/faults.js';
import { actOnce, readState } from './soak/person.js';
import {
  ADMIN_URL,
  createDatabase,
  dropDatabase,
  grantBenchRoles,
  productEnv,
  type SandboxInfo,
  startSandbox,
  startWeb,
  startWorker,
} from './soak/product.js';
import { kill9, killAll, openLog, type Proc, randomPort, startProc, stop } from './soak/stack.js';
import { tally } from './soak/tally.js';
import { attempt, type Delivery, newDelivery } from './soak/traffic.js';

/**
 * `npm run --silent soak -- --minutes N`: the product as separate processes (a sandbox
 * Slack, two web replicas (one in dry-run), two workers, its own Redis, its own database)
 * driven by signed PagerDuty alerts and people pressing ▶ Start and Approve, while faults
 * are injected: kill -9 of workers and web processes, Redis CLIENT PAUSE, Postgres
 * connections terminated, Slack 429s and 5xx. Prints one JSON object computed from what
 * Postgres and the sandbox hold. Progress goes to stderr; process logs to a file.
 */
const minutes = Number(argValue('--minutes') ?? 10);
/** `--alerts N` sends exactly N alerts (the kill -9 test) instead of sending for `--minutes`. */
const alertCount = argValue('--alerts') ? Number(argValue('--alerts')) : null;
/** `--faults worker_kill,redis_restart` narrows the rotation (default: every kind, in turn). */
const rotation = (argValue('--faults')?.split(',') as typeof FAULT_ROTATION | undefined) ?? FAULT_ROTATION;
const ALERT_EVERY_MS = Number(argValue('--alert-every-ms') ?? 4_000);
const FAULT_EVERY_MS = Number(argValue('--fault-every-ms') ?? 30_000);
const DRAIN_MS = Number(argValue('--drain-seconds') ?? 150) * 1000;
const SECRET = 'soak-pagerduty-secret';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const say = (line: string) => process.stderr.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

interface Ctx {
  id: string;
  dir: string;
  markers: string;
  dbName: string;
  ownerUrl: string;
  redisUrl: string;
  redis: Proc;
  sandbox: Proc;
  sandboxInfo: SandboxInfo;
  env: Record<string, string>;
  webs: Array<{ proc: Proc; url: string | null; dryRun: boolean }>;
  workers: Proc[];
  log: ReturnType<typeof openLog>;
  deliveries: Delivery[];
  faults: FaultCounts;
}

async function setUp(): Promise<Ctx> {
  const id = `soak${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const dir = path.join(os.tmpdir(), `rbc-${id}`);
  const markers = path.join(dir, 'runs');
  mkdirSync(markers, { recursive: true });
  mkdirSync(path.join(dir, 'runbooks'));
  writeSoakRunbook(path.join(dir, 'runbooks'), markers, dir);
  const log = openLog(path.join(dir, 'processes.log'));
  say(`work dir ${dir} (process logs in processes.log)`);
  const redisPort = randomPort();
  const redis = startProc(
    'redis',
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { PATH: process.env.PATH ?? '' },
    /Ready to accept connections/,
    log,
  );
  await redis.ready;
  const { dbName, ownerUrl, appUrl } = await createDatabase(id);
  const { proc: sandbox, info: sandboxInfo } = await startSandbox(log);
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  const env = productEnv({
    appUrl,
    ownerUrl,
    redisUrl,
    sandbox: sandboxInfo,
    runbooks: path.join(dir, 'runbooks'),
    id,
    pagerDutySecret: SECRET,
  });
  const ctx: Ctx = {
    id,
    dir,
    markers,
    dbName,
    ownerUrl,
    redisUrl,
    redis,
    sandbox,
    sandboxInfo,
    env,
    webs: [],
    workers: [],
    log,
    deliveries: [],
    faults: emptyCounts(),
  };
  for (const dryRun of [true, false]) ctx.webs.push(await startWebReplica(ctx, dryRun));
  await grantBenchRoles(ctx.env, sandboxInfo.teamId, ctx.log);
  for (let i = 0; i < 2; i += 1) ctx.workers.push(await startWorker(ctx.env, ctx.log));
  say(
    `up: sandbox ${sandboxInfo.url}, web ${ctx.webs.map((w) => w.url).join(' ')}, 2 workers, redis :${redisPort}, db ${dbName}`,
  );
  return ctx;
}

/** Redis as production runs it: append-only file on, so a restart keeps the queues. */
async function startRedis(port: number, dir: string, log: ReturnType<typeof openLog>): Promise<Proc> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', dir];
  const proc = startProc(
    'redis',
    'redis-server',
    args,
    { PATH: process.env.PATH ?? '' },
    /Ready to accept connections/,
    log,
  );
  await proc.ready;
  return proc;
}

/** A web replica; one of the two is in dry-run, as a team trying the product next to production would run. */
async function startWebReplica(ctx: Ctx, dryRun: boolean) {
  const web = await startWeb({ ...ctx.env, EXECUTION_DRY_RUN: String(dryRun) }, ctx.log, `web${dryRun ? '-dry' : ''}`);
  return { ...web, url: web.url as string | null, dryRun };
}

function writeSoakRunbook(dir: string, markers: string, work: string): void {
  writeFileSync(
    path.join(dir, 'soak-check.md'),
    `---\ntitle: Soak check\nservices: [soak]\nalerts: [SoakCheck]\ntrust_level: 2\n---\n\n# Soak check\n\n## Steps\n\n` +
      `1. Leave a mark that this command ran:\n\n   \`\`\`bash\n   mktemp -p ${markers} run.XXXXXXXX\n   \`\`\`\n\n` +
      `2. Wait a little (a window for faults to land mid-command):\n\n   \`\`\`bash\n   sleep 2\n   \`\`\`\n\n` +
      `3. Record an approved change:\n\n   \`\`\`bash\n   touch ${work}/approved-change\n   \`\`\`\n`,
  );
}

async function drive(ctx: Ctx): Promise<void> {
  const end = Date.now() + minutes * 60_000;
  const sending = () => (alertCount === null ? Date.now() < end : n < alertCount);
  const pressed = new Map<string, number>();
  let n = 0;
  let nextAlert = 0;
  let nextFault = Date.now() + FAULT_EVERY_MS / 2;
  let faultIndex = 0;
  let runsStarted = 0;
  let nextReport = Date.now() + 60_000;
  let inFlight: Promise<void> | null = null;
  let nextLook = 0;
  while (sending()) {
    if (Date.now() >= nextAlert) {
      ctx.deliveries.push(newDelivery(++n, ctx.id));
      nextAlert = Date.now() + ALERT_EVERY_MS;
    }
    await sendDue(ctx);
    // The sandbox page state holds every message: read it every 2 s at most.
    if (Date.now() >= nextLook) {
      const state = await readState(ctx.sandboxInfo.url).catch(() => null);
      if (state) runsStarted += (await actOnce(ctx.sandboxInfo.url, state, wantsRun, pressed)).starts;
      nextLook = Date.now() + 2000;
    }
    // One fault at a time: a process still restarting is not killed again.
    if (Date.now() >= nextFault && !inFlight) {
      const kind = rotation[faultIndex++ % rotation.length]!;
      inFlight = inject(ctx, kind)
        .catch((err: Error) => {
          say(`fault ${kind} failed: ${err.message}`);
        })
        .finally(() => {
          inFlight = null;
        });
      nextFault = Date.now() + FAULT_EVERY_MS;
    }
    await sleep(Math.min(2000, ALERT_EVERY_MS));
    if (Date.now() >= nextReport) {
      say(`${n} alerts, ${ctx.deliveries.filter((d) => d.acked).length} acknowledged, ${runsStarted} runs started`);
      nextReport += 60_000;
    }
  }
  // A fault still under way (a process restarting, a Slack fault window) ends before the drain.
  if (inFlight) await inFlight;
}

/** One run in four: the person presses ▶ Start on announcements whose alert number is a multiple of 4. */
function wantsRun(text: string): boolean {
  const m = /soak alert #(\d+)/.exec(text);
  return Boolean(m && Number(m[1]) % 4 === 0);
}

async function sendDue(ctx: Ctx): Promise<void> {
  const live = ctx.webs.filter((w) => w.url && w.proc.child.exitCode === null && w.proc.child.signalCode === null);
  const due = ctx.deliveries.filter((d) => !d.acked && d.nextAt <= Date.now());
  await Promise.all(
    due.map((d, i) => attempt(d, live[(d.attempts + i) % Math.max(1, live.length)]?.url ?? null, SECRET)),
  );
}

async function inject(ctx: Ctx, kind: (typeof FAULT_ROTATION)[number]): Promise<void> {
  say(`fault: ${kind}`);
  if (kind === 'worker_kill') {
    const i = Math.floor(Math.random() * ctx.workers.length);
    await kill9(ctx.workers[i]!);
    ctx.faults.workerKills += 1;
    await sleep(3000);
    ctx.workers[i] = await startWorker(ctx.env, ctx.log);
  } else if (kind === 'web_kill') {
    const i = Math.floor(Math.random() * ctx.webs.length);
    const web = ctx.webs[i]!;
    await kill9(web.proc);
    web.url = null;
    ctx.faults.webKills += 1;
    await sleep(3000);
    ctx.webs[i] = await startWebReplica(ctx, web.dryRun);
  } else if (kind === 'redis_restart') {
    await stop(ctx.redis);
    ctx.faults.redisRestarts += 1;
    await sleep(2000);
    ctx.redis = await startRedis(Number(new URL(ctx.redisUrl).port), ctx.dir, ctx.log);
  } else if (kind === 'redis_pause') {
    await pauseRedis(ctx.redisUrl, 8000);
    ctx.faults.redisPauses += 1;
  } else if (kind === 'postgres_terminate') {
    ctx.faults.postgresConnectionsTerminated += await terminatePostgres(ADMIN_URL, ctx.dbName);
    ctx.faults.postgresTerminations += 1;
  } else {
    const spec = kind === 'slack_429' ? { rateLimit: 0.3, retryAfterSeconds: 1 } : { serverError: 0.2 };
    await setSlackFaults(ctx.sandboxInfo.url, spec);
    ctx.faults.slackFaultWindows += 1;
    await sleep(20_000);
    await setSlackFaults(ctx.sandboxInfo.url, {});
  }
}

/** No new alerts or faults; retries continue until every delivery is acknowledged and announced, or time runs out. */
async function drain(ctx: Ctx): Promise<void> {
  say('draining: no more alerts or faults');
  await setSlackFaults(ctx.sandboxInfo.url, {});
  const until = Date.now() + DRAIN_MS;
  const pressed = new Map<string, number>();
  while (Date.now() < until) {
    await sendDue(ctx);
    const state = await readState(ctx.sandboxInfo.url);
    await actOnce(ctx.sandboxInfo.url, state, wantsRun, pressed);
    const settled = await tally(ctx.ownerUrl, state, ctx.deliveries, ctx.markers);
    const busy = await activeRuns(ctx.ownerUrl);
    if (settled.acknowledged === ctx.deliveries.length && settled.lost === 0 && busy === 0) return;
    await sleep(3000);
  }
}

async function activeRuns(ownerUrl: string): Promise<number> {
  const c = new pg.Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    const r = await c.query<{ n: string }>("select count(*) as n from step_runs where status in ('queued', 'running')");
    return Number(r.rows[0]?.n ?? 0);
  } finally {
    await c.end();
  }
}

async function tearDown(ctx: Ctx): Promise<void> {
  for (const w of ctx.webs) await stop(w.proc);
  for (const w of ctx.workers) await stop(w);
  await stop(ctx.sandbox);
  await stop(ctx.redis);
  await dropDatabase(ctx.dbName);
  ctx.log.end();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const ctx = await setUp();
  try {
    await drive(ctx);
    await drain(ctx);
    const state = await readState(ctx.sandboxInfo.url);
    const t = await tally(ctx.ownerUrl, state, ctx.deliveries, ctx.markers);
    const slack = await slackFaultStats(ctx.sandboxInfo.url);
    say(`detail: ${JSON.stringify({ stored: t.stored, ...t.detail })}`);
    for (const l of t.lostAlerts) say(`lost: ${JSON.stringify(l)}`);
    process.stdout.write(
      `${JSON.stringify({
        minutes,
        alerts: ctx.deliveries.length,
        acknowledged: t.acknowledged,
        announced: t.announced,
        lost: t.lost,
        duplicateAnnouncements: t.duplicateAnnouncements,
        commandsRunTwice: t.commandsRunTwice,
        faults: { ...ctx.faults, slack429: slack.rateLimited, slack5xx: slack.serverErrors },
      })}\n`,
    );
  } finally {
    await tearDown(ctx);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    killAll();
    process.stderr.write(`soak failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
