import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { QueueEvents } from 'bullmq';
import { createRuntime, type Runtime } from '../../src/app/runtime.js';
import { deliveryOutcome, samplePagerDutyDelivery, sendPagerDutyDelivery } from '../../src/app/sample-alert.js';
import { seedSandboxRoles } from '../../src/app/sandbox-roles.js';
import { startWeb, type WebComponent } from '../../src/app/web.js';
import { startWorker, type WorkerComponent } from '../../src/app/worker.js';
import type { AuditEvent, AuditEventType } from '../../src/audit/events.js';
import { loadConfig } from '../../src/config.js';
import { createOpenAiLlm } from '../../src/lib/llm.js';
import { createLogger, silentLogger } from '../../src/lib/logger.js';
import { type SandboxOptions, type SlackSandbox, startSlackSandbox } from '../../src/sandbox/index.js';
import { type OpenAiFake, startOpenAiFake } from '../fakes/openai-fake.js';
import { createTestDatabase, type TestDatabase, uniquePrefix } from './test-db.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const E2E_RUNBOOKS = path.join(REPO_ROOT, 'test/fixtures/e2e-runbooks');
export const PD_SECRET = 'e2e-pagerduty-secret';

/** The sandbox's role-style people. */
export const PEOPLE = {
  oncall: 'U0ONCALL01',
  second: 'U0RESPOND2',
  manager: 'U0SREMGR03',
  viewer: 'U0VIEWER04',
} as const;
export const INCIDENTS = 'C0INCIDENTS';

/** Waits for `times` completed reconcile jobs (they run every second in these tests). */
async function reconcilerRuns(redisUrl: string, prefix: string, times: number): Promise<void> {
  const events = new QueueEvents('maintenance', { connection: { url: redisUrl }, prefix });
  await events.waitUntilReady();
  try {
    await new Promise<void>((resolve, reject) => {
      let seen = 0;
      const timer = setTimeout(() => reject(new Error(`the reconciler did not run ${times} times in 20 s`)), 20_000);
      events.on('completed', () => {
        seen += 1;
        if (seen >= times) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  } finally {
    await events.close();
  }
}

export interface E2EOptions {
  runbooksDir?: string;
  env?: Record<string, string>;
  /** Start the OpenAI-compatible fake and give the product an LLM. */
  llm?: boolean;
  heartbeat?: { everyMs: number; staleMs: number };
  worker?: boolean;
  /** Sandbox options (extra people, an Enterprise Grid org, more workspaces). */
  sandbox?: Partial<SandboxOptions>;
  /** Grant the sandbox's demo roles (default true); false starts with nobody holding any role. */
  seedRoles?: boolean;
  /** Keep every log line (debug and up) in `logs`, to prove what reached the logs. */
  captureLogs?: boolean;
  /** What the sandbox page's "Fire sample PagerDuty alert" sends (a real signed delivery). */
  sampleAlert?: Parameters<typeof samplePagerDutyDelivery>[0];
}

export interface E2E {
  db: TestDatabase;
  /** This test file's own folder: the runbooks' files (markers, locks) land here, never in a shared /tmp path. */
  scratch: string;
  /** A path in `scratch`: what a runbook wrote as `/tmp/rbc-<name>`. */
  file(name: string): string;
  sandbox: SlackSandbox;
  runtime: Runtime;
  web: WebComponent;
  worker: WorkerComponent | null;
  llm: OpenAiFake | null;
  /** Log lines as written (JSON), when `captureLogs` was asked for. */
  logs: string[];
  prefix: string;
  webhookUrl: string;
  tenantId: string;
  fireAlert(
    overrides?: Parameters<typeof samplePagerDutyDelivery>[0],
    webhookId?: string,
  ): Promise<{ status: number; body: string }>;
  audit(types?: AuditEventType[]): Promise<AuditEvent[]>;
  startWorker(): Promise<WorkerComponent>;
  /** Resolves once the reconciler has run `times` more times (to prove something did NOT happen). */
  reconciled(times?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole product in-process, as `start` wires it: the real Bolt app over Socket Mode to
 * the sandbox, real Postgres (a database of its own) and Redis (a queue prefix of its own).
 */
export async function startE2E(options: E2EOptions = {}): Promise<E2E> {
  const db = await createTestDatabase();
  const prefix = uniquePrefix();
  const scratch = mkdtempSync(path.join(tmpdir(), 'rbc-e2e-'));
  const llmFake = options.llm ? await startOpenAiFake() : null;
  let webhookUrl = '';
  const sandbox = await startSlackSandbox({
    ...options.sandbox,
    logger: silentLogger(),
    onFireSampleAlert: async () => {
      const res = await sendPagerDutyDelivery(webhookUrl, PD_SECRET, samplePagerDutyDelivery(options.sampleAlert));
      return deliveryOutcome(res);
    },
  });
  const config = loadConfig({
    DATABASE_URL: db.appUrl,
    MIGRATION_DATABASE_URL: db.ownerUrl,
    QUEUE_PREFIX: prefix,
    HTTP_PORT: '0',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'silent',
    PAGERDUTY_WEBHOOK_SECRETS: PD_SECRET,
    AUDIT_ANCHOR_FILE: path.join(scratch, 'audit-anchors.jsonl'),
    EXECUTION_DRY_RUN: 'false',
    ...(llmFake ? { OPENAI_API_KEY: 'test', OPENAI_BASE_URL: llmFake.baseURL, LLM_TIMEOUT_MS: '3000' } : {}),
    ...options.env,
  });
  const logs: string[] = [];
  const logger = options.captureLogs
    ? createLogger({ level: 'debug', destination: { write: (line: string) => void logs.push(line) } })
    : process.env.E2E_LOG_LEVEL
      ? createLogger({ level: process.env.E2E_LOG_LEVEL })
      : silentLogger();
  const runtime = await createRuntime({
    config,
    logger,
    slack: { botToken: sandbox.botToken, apiUrl: sandbox.apiUrl },
    incidentChannel: () => INCIDENTS,
    llm: llmFake
      ? createOpenAiLlm({ apiKey: 'test', baseURL: llmFake.baseURL, model: 'fake', timeoutMs: 3000, maxRetries: 0 })
      : null,
    heartbeat: options.heartbeat ?? { everyMs: 500, staleMs: 3000 },
  });
  const web = await startWeb(runtime, {
    botToken: sandbox.botToken,
    appToken: sandbox.appToken,
    apiUrl: sandbox.apiUrl,
    pagerdutySecrets: [PD_SECRET],
    http: { host: '127.0.0.1', port: 0 },
    // The sandbox's role-style people hold the roles their names say, as `start` seeds them.
    ...(options.seedRoles === false
      ? {}
      : { onWorkspace: (tenantId: string) => seedSandboxRoles(runtime.authz, tenantId) }),
  });
  const launchWorker = () =>
    startWorker(runtime, {
      lockDurationMs: 3000,
      stalledIntervalMs: 1000,
      reconcileEveryMs: 1000,
      reconcileAfterMs: 2000,
    });
  const worker = options.worker === false ? null : await launchWorker();
  await runtime.runbooks.syncFolder(web.tenantId(), runbooksIn(scratch, options.runbooksDir ?? E2E_RUNBOOKS));
  webhookUrl = `${web.url}/webhooks/pagerduty`;
  const e2e: E2E = {
    db,
    sandbox,
    runtime,
    web,
    worker,
    llm: llmFake,
    logs,
    prefix,
    webhookUrl,
    scratch,
    file: (name) => path.join(scratch, name),
    tenantId: web.tenantId(),
    fireAlert: (overrides, webhookId) =>
      sendPagerDutyDelivery(webhookUrl, PD_SECRET, samplePagerDutyDelivery(overrides), webhookId),
    audit: (types) => runtime.audit.list({ tenantId: web.tenantId(), types, limit: 10_000 }),
    startWorker: async () => {
      e2e.worker = await launchWorker();
      return e2e.worker;
    },
    reconciled: (times = 2) => reconcilerRuns(config.redis.url, prefix, times),
    async close() {
      await e2e.worker?.stop().catch(() => undefined);
      await web.stop().catch(() => undefined);
      await runtime.jobs
        .queue('alerts')
        .obliterate({ force: true })
        .catch(() => undefined);
      for (const q of ['executions', 'executor', 'classifier', 'maintenance', 'copilot'] as const) {
        await runtime.jobs
          .queue(q)
          .obliterate({ force: true })
          .catch(() => undefined);
      }
      await runtime.close().catch(() => undefined);
      await sandbox.close();
      await llmFake?.close();
      await db.drop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
  return e2e;
}

/**
 * The fixture runbooks a test loads, copied into its own folder with every `/tmp/rbc-…`
 * path they write moved there too, so test files (and checkouts) never share a marker.
 */
function runbooksIn(scratch: string, dir: string): string {
  // A test that wrote its own runbooks (in its own temp folder) gets them as written.
  if (path.relative(path.join(REPO_ROOT, 'test/fixtures'), dir).startsWith('..')) return dir;
  const copy = path.join(scratch, 'runbooks');
  cpSync(dir, copy, { recursive: true });
  for (const entry of readdirSync(copy, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.md')) continue;
    const file = path.join(entry.parentPath, entry.name);
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('/tmp/rbc-', `${scratch}/`));
  }
  return copy;
}
