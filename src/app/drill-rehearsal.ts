import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Config } from '../config.js';
import { migrateToLatest } from '../db/migrator.js';
import type { Logger } from '../lib/logger.js';
import type { DrillRehearsal } from '../ops/ports.js';
import type { CheckResult } from '../ops/types.js';
import { type SlackSandbox, startSlackSandbox } from '../sandbox/index.js';
import { createRuntime, type Runtime } from './runtime.js';
import { samplePagerDutyDelivery, sendPagerDutyDelivery } from './sample-alert.js';
import { startWeb, type WebComponent } from './web.js';
import { startWorker, type WorkerComponent } from './worker.js';

const ANNOUNCE_TIMEOUT_MS = 60_000;

/**
 * The full DR drill's second half: the product as `start` runs it (migrate, web, worker)
 * on the restored copy, in dry-run, talking to a private sandbox Slack and its own queue
 * prefix, so nothing reaches the real workspace or the live queues. A signed synthetic
 * PagerDuty alert must come out as "🔔 Runbook matched" with a runbook from the restored
 * library.
 */
export function createDrillRehearsal(config: Config, logger: Logger): DrillRehearsal {
  return { rehearse: ({ ownerUrl }) => rehearse(config, logger.child({ component: 'dr-drill' }), ownerUrl) };
}

interface Stack {
  sandbox?: SlackSandbox;
  runtime?: Runtime;
  web?: WebComponent;
  worker?: WorkerComponent;
}

async function rehearse(config: Config, logger: Logger, ownerUrl: string) {
  const phases: Record<string, number> = {};
  const checks: CheckResult[] = [];
  const stack: Stack = {};
  const lap = timer();
  try {
    const drillConfig = configFor(config, ownerUrl);
    await migrateToLatest({ migrationUrl: ownerUrl, appUrl: drillConfig.database.url, logger });
    phases.migrate = lap();
    const tenant = (await busiestTenant(ownerUrl)) ?? 'T0DRILL';
    stack.sandbox = await startSlackSandbox({ teamId: tenant, teamName: 'DR drill', logger });
    const incidents = stack.sandbox.channels.find((c) => c.name === 'incidents')!.id;
    const secret = randomBytes(16).toString('hex');
    stack.runtime = await createRuntime({
      config: drillConfig,
      logger,
      slack: { botToken: stack.sandbox.botToken, apiUrl: stack.sandbox.apiUrl },
      incidentChannel: () => incidents,
      opsChannel: () => undefined,
    });
    stack.web = await startWeb(stack.runtime, {
      botToken: stack.sandbox.botToken,
      appToken: stack.sandbox.appToken,
      apiUrl: stack.sandbox.apiUrl,
      pagerdutySecrets: [secret],
      http: { host: '127.0.0.1', port: 0 },
    });
    stack.worker = await startWorker(stack.runtime);
    phases.start = lap();
    checks.push(
      ok('product_started', `web + worker on the restored copy in dry-run (${drillConfig.execution.dryRun})`),
    );
    checks.push(...(await pushSyntheticAlert(stack, config, tenant, incidents, secret)));
    phases.announce = lap();
  } catch (err) {
    checks.push({
      name: checks.length ? 'alert_announced' : 'product_started',
      ok: false,
      ran: true,
      detail: (err as Error).message,
    });
  } finally {
    await teardown(stack);
  }
  return { checks, phases };
}

async function pushSyntheticAlert(stack: Stack, config: Config, tenant: string, incidents: string, secret: string) {
  const runtime = stack.runtime!;
  let library = await runtime.runbooks.listLatest(tenant);
  if (library.length === 0) {
    await runtime.runbooks.syncFolder(tenant, config.runbooksDir);
    library = await runtime.runbooks.listLatest(tenant);
  }
  const runbook = library[0];
  const title = `${runbook?.alerts[0] ?? runbook?.title ?? 'DrDrill'}: DR drill synthetic alert`;
  const res = await sendPagerDutyDelivery(
    `${stack.web!.url}/webhooks/pagerduty`,
    secret,
    samplePagerDutyDelivery({ title, ...(runbook?.services[0] ? { service: runbook.services[0] } : {}) }),
  );
  const checks: CheckResult[] = [ok('alert_accepted', `HTTP ${res.status}`, res.status === 202)];
  const announced = await stack.sandbox!.waitFor(
    () => stack.sandbox!.messages(incidents).find((m) => m.text.includes(title)),
    { timeoutMs: ANNOUNCE_TIMEOUT_MS, description: 'the synthetic alert announced' },
  );
  const matched = runbook
    ? announced.text.includes('Runbook matched') && announced.text.includes(runbook.title)
    : false;
  checks.push(
    ok(
      'alert_announced',
      runbook
        ? `“${announced.text.slice(0, 160)}” (${library.length} runbooks restored for ${tenant})`
        : 'the restored library and RUNBOOKS_DIR are both empty: nothing to match',
      matched,
    ),
  );
  return checks;
}

async function teardown(stack: Stack): Promise<void> {
  await stack.worker?.stop().catch(() => undefined);
  await stack.web?.stop().catch(() => undefined);
  if (stack.runtime) {
    for (const q of ['alerts', 'executions', 'executor', 'classifier', 'maintenance', 'ops'] as const) {
      await stack.runtime.jobs
        .queue(q)
        .obliterate({ force: true })
        .catch(() => undefined);
    }
    await stack.runtime.close().catch(() => undefined);
  }
  await stack.sandbox?.close().catch(() => undefined);
}

/** The live config pointed at the restored copy: dry-run, private queues, no schedules, no ops channel. */
function configFor(config: Config, ownerUrl: string): Config {
  const database = new URL(ownerUrl).pathname.slice(1);
  const appUrl = new URL(config.database.url);
  appUrl.pathname = `/${database}`;
  const schedules = Object.fromEntries(
    Object.keys(config.ops.schedules).map((k) => [k, null]),
  ) as Config['ops']['schedules'];
  return {
    ...config,
    database: { ...config.database, url: appUrl.toString(), migrationUrl: ownerUrl, poolMax: 4 },
    redis: { ...config.redis, queuePrefix: `${config.redis.queuePrefix}-drill-${randomBytes(3).toString('hex')}` },
    http: { ...config.http, host: '127.0.0.1', port: 0 },
    execution: { ...config.execution, dryRun: true },
    ops: { ...config.ops, channel: undefined, schedules },
  };
}

/** The workspace with the most runbooks in the restored copy, so the alert has something to match. */
async function busiestTenant(ownerUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const r = await client.query<{ tenant_id: string }>(
      'select tenant_id from runbooks group by tenant_id order by count(*) desc, tenant_id limit 1',
    );
    return r.rows[0]?.tenant_id ?? null;
  } finally {
    await client.end();
  }
}

function timer(): () => number {
  let last = Date.now();
  return () => {
    const now = Date.now();
    const ms = now - last;
    last = now;
    return ms;
  };
}

function ok(name: string, detail: string, passed = true): CheckResult {
  return { name, ok: passed, ran: true, detail };
}
