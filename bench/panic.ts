import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { actOnce, readState } from './soak/person.js';
import {
  createDatabase,
  dropDatabase,
  grantBenchRoles,
  productEnv,
  startSandbox,
  startWeb,
  startWorker,
} from './soak/product.js';
import { killAll, openLog, type Proc, stop } from './soak/stack.js';
import { attempt, newDelivery } from './soak/traffic.js';

/**
 * `npm run --silent bench:panic`: 20 commands running across 2 worker processes (the product
 * as separate processes against the sandbox Slack, real execution in PID namespaces), then
 * the panic switch pulled over `POST /admin/panic`. For each command, the time from the panic
 * request to its process being signalled, from the workers' "panic: command signalled" log
 * lines. Prints one JSON object: {"running", "signalled", "p50Ms", "p99Ms"}.
 */
const RUNNING = 20;
const WORKERS = 2;
const SECRET = 'bench-panic-pagerduty-secret';
const ADMIN_TOKEN = randomBytes(16).toString('hex');
const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const say = (line: string) => process.stderr.write(`[bench:panic] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Signalled {
  runId: string;
  latencyMs: number;
}

/** Reads a worker's pino lines as they come: each "panic: command signalled" is one measurement. */
function watchSignals(worker: Proc, into: Signalled[]): void {
  let pending = '';
  worker.child.stdout!.on('data', (d: Buffer) => {
    pending += d.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.includes('panic: command signalled')) continue;
      const entry = JSON.parse(line) as { runId: string; latencyMs: number };
      into.push({ runId: entry.runId, latencyMs: entry.latencyMs });
    }
  });
}

function writeRunbook(dir: string): void {
  writeFileSync(
    path.join(dir, 'long-check.md'),
    '---\ntitle: Long check\nservices: [soak]\nalerts: [SoakCheck]\ntrust_level: 2\n---\n\n# Long check\n\n## Steps\n\n' +
      '1. Watch for a while (a child in its own session, as a command that daemonises would):\n\n' +
      '   ```bash\n   setsid sleep 6007 & sleep 6011\n   ```\n',
  );
}

/**
 * Commands really running: the runbook's foreground `sleep 6011`, one per step, counted in
 * /proc (a run the database calls running may not have spawned yet).
 */
function processesWith(needle: string): number {
  let count = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      if (cmd.trim() === needle && state !== 'Z') count += 1;
    } catch {
      // the process ended while we looked
    }
  }
  return count;
}

const runningCommands = (): number => processesWith('sleep 6011');
const escapedCommands = (): number => processesWith('sleep 6007');

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

async function main(): Promise<void> {
  const id = `panic${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const dir = path.join(os.tmpdir(), `rbc-${id}`);
  mkdirSync(path.join(dir, 'runbooks'), { recursive: true });
  writeRunbook(path.join(dir, 'runbooks'));
  const log = openLog(path.join(dir, 'processes.log'));
  say(`work dir ${dir} (process logs in processes.log)`);
  const { dbName, ownerUrl, appUrl } = await createDatabase(id);
  const procs: Proc[] = [];
  try {
    const sandbox = await startSandbox(log);
    procs.push(sandbox.proc);
    const env = {
      ...productEnv({
        appUrl,
        ownerUrl,
        redisUrl: REDIS_URL,
        sandbox: sandbox.info,
        runbooks: path.join(dir, 'runbooks'),
        id,
        pagerDutySecret: SECRET,
      }),
      EXECUTION_DRY_RUN: 'false',
      EXECUTOR_CONCURRENCY: String(RUNNING / WORKERS),
      ADMIN_API_TOKENS: ADMIN_TOKEN,
    };
    const web = await startWeb(env, log);
    procs.push(web.proc);
    await grantBenchRoles(env, sandbox.info.teamId, log);
    const signals: Signalled[] = [];
    for (let i = 0; i < WORKERS; i++) {
      const worker = await startWorker(env, log);
      procs.push(worker);
      watchSignals(worker, signals);
    }
    say(`up: sandbox ${sandbox.info.url}, web ${web.url}, ${WORKERS} workers`);
    const running = await startCommands(id, web.url, sandbox.info.url);
    const res = await fetch(`${web.url}/admin/panic`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ on: true, reason: 'bench:panic' }),
    });
    if (res.status !== 200) throw new Error(`POST /admin/panic answered ${res.status}: ${await res.text()}`);
    await waitFor(() => signals.length >= running, 30_000);
    const latencies = signals.map((s) => s.latencyMs);
    await waitFor(() => runningCommands() + escapedCommands() === 0, 10_000);
    say('no command of the runbook left running, setsid escapes included');
    process.stdout.write(
      `${JSON.stringify({
        running,
        signalled: new Set(signals.map((s) => s.runId)).size,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
      })}\n`,
    );
  } finally {
    for (const p of procs.reverse()) await stop(p);
    await dropDatabase(dbName);
    log.end();
  }
}

/** Twenty alerts, ▶ Start pressed on each, until twenty commands are running for real. */
async function startCommands(id: string, webUrl: string, sandboxUrl: string): Promise<number> {
  const deliveries = Array.from({ length: RUNNING }, (_, i) => newDelivery(i + 1, id));
  const pressed = new Map<string, number>();
  let running = 0;
  await waitFor(async () => {
    await Promise.all(deliveries.filter((d) => !d.acked).map((d) => attempt(d, webUrl, SECRET)));
    await actOnce(sandboxUrl, await readState(sandboxUrl), () => true, pressed);
    running = runningCommands();
    return running >= RUNNING;
  }, 120_000);
  say(`${running} commands running`);
  return running;
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`gave up after ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    killAll();
    process.stderr.write(`bench:panic failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
