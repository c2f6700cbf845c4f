import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import { createAlertIntake } from '../alerts/intake-service.js';
import { createAlertProcessing } from '../alerts/process-service.js';
import { type AuditLog, createAuditLog } from '../audit/audit-log.js';
import { getLlmOpinion, mergeVerdicts, scanCommand } from '../classifier/index.js';
import type { Config } from '../config.js';
import { assertDbReachable, createDb, type Db } from '../db/database.js';
import { DEFAULT_ENV_ALLOWLIST } from '../executions/executor/child-env.js';
import { createExecutionService, type ExecutionService } from '../executions/service/index.js';
import { createGovernance, type Governance } from '../governance/mode.js';
import { createJobProducer, type JobProducer } from '../jobs/producer.js';
import { assertRedisReachable, createRedis } from '../jobs/redis.js';
import type { ChatPort } from '../lib/chat.js';
import { type Clock, systemClock } from '../lib/clock.js';
import { createOpenAiLlm, type LlmPort } from '../lib/llm.js';
import type { Logger } from '../lib/logger.js';
import type { Ops } from '../ops/index.js';
import type { DrillRehearsal } from '../ops/ports.js';
import { createRunbookService, type RunbookService } from '../runbooks/service.js';
import { createSlackChat, POST_INTERVAL_MS, UPDATE_INTERVAL_MS } from '../slack/chat-adapter.js';
import { createSlotLimiter } from '../slack/rate-limiter.js';
import { wireOps } from './ops-wiring.js';
import { compileForLibrary, previewBlocks } from './runbook-wiring.js';

/**
 * The composition root: builds every service from config, once. Web, worker and start
 * all use it; tests build it with their own database, queue prefix and Slack URL.
 */
/** The LLM part of compiling one runbook; the deterministic compiler takes milliseconds. */
const COMPILE_LLM_BUDGET_MS = 4_500;

export interface RuntimeOptions {
  config: Config;
  logger: Logger;
  /** The Web API the product posts with (real Slack or the sandbox). */
  slack: { botToken: string; apiUrl?: string | undefined };
  incidentChannel: () => string;
  clock?: Clock;
  /** Overrides config.llm (tests pass a port at the fake; null disables the LLM). */
  llm?: LlmPort | null;
  workerId?: string;
  heartbeat?: { everyMs: number; staleMs: number };
  /** Where commands take allowlisted variables from (the process environment, via config). */
  parentEnv?: Readonly<Record<string, string | undefined>>;
  /** The ops channel (SLACK_OPS_CHANNEL, or the sandbox's #ops); none = ops messages are only logged. */
  opsChannel?: () => string | undefined;
  /** Starts the product on a restored copy for the full DR drill (src/app/drill-rehearsal.ts). */
  rehearsal?: DrillRehearsal;
}

export interface Runtime {
  config: Config;
  logger: Logger;
  db: Db;
  audit: AuditLog;
  producerRedis: Redis;
  jobs: JobProducer;
  chat: ChatPort;
  slackClient: WebClient;
  governance: Governance;
  runbooks: RunbookService;
  executions: ExecutionService;
  intake: ReturnType<typeof createAlertIntake>;
  alerts: ReturnType<typeof createAlertProcessing>;
  scan: typeof scanCommand;
  previewRunbook: (
    tenantId: string,
    which: { slug: string } | { text: string },
  ) => Promise<import('@slack/types').KnownBlock[]>;
  /** Backups, restore checks, drills, health, SLOs, digests. */
  ops: Ops;
  close(): Promise<void>;
}

/** Before migrating: the owner's server and Redis. After: the application's own login. */
export async function checkDependencies(config: Config, stage: 'server' | 'app' = 'app'): Promise<void> {
  if (stage === 'server') {
    const maintenance = new URL(config.database.migrationUrl);
    maintenance.pathname = '/postgres';
    await assertDbReachable(maintenance.toString());
  } else {
    await assertDbReachable(config.database.url);
  }
  await assertRedisReachable(config.redis.url);
}

export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const db = createDb({ url: config.database.url, poolMax: config.database.poolMax, logger });
  const producerRedis = createRedis(config.redis.url, 'plain');
  producerRedis.on('error', (err) => logger.warn({ err }, 'redis connection error'));
  await producerRedis.connect();
  const jobs = createJobProducer({ connection: producerRedis, prefix: config.redis.queuePrefix });
  const audit = createAuditLog(db);
  const slackClient = new WebClient(options.slack.botToken, {
    ...(options.slack.apiUrl ? { slackApiUrl: options.slack.apiUrl } : {}),
    retryConfig: { retries: 5, factor: 1.6, minTimeout: 500, maxTimeout: 10_000 },
  });
  const chat = createSlackChat({
    client: slackClient,
    limiter: createSlotLimiter(producerRedis, { prefix: config.redis.queuePrefix, intervalMs: POST_INTERVAL_MS }),
    updateLimiter: createSlotLimiter(producerRedis, {
      prefix: config.redis.queuePrefix,
      intervalMs: UPDATE_INTERVAL_MS,
    }),
  });
  const openAi = (timeoutMs: number, maxRetries: number) =>
    config.llm
      ? createOpenAiLlm({
          apiKey: config.llm.apiKey!,
          baseURL: config.llm.baseURL,
          model: config.llm.model,
          timeoutMs,
          maxRetries,
        })
      : null;
  const llm = options.llm !== undefined ? options.llm : openAi(config.llm?.timeoutMs ?? 0, 1);
  // Compiling a runbook has a 5 s budget: past it the deterministic result is used instead.
  const compileLlm =
    options.llm !== undefined ? options.llm : openAi(Math.min(config.llm?.timeoutMs ?? 0, COMPILE_LLM_BUDGET_MS), 0);
  const governance = createGovernance({ db, audit, defaultMode: config.execution.governanceMode });
  const runbooks = createRunbookService({ db, audit, logger, compile: compileForLibrary(compileLlm, logger) });
  const executions = createExecutionService({
    db,
    audit,
    jobs,
    chat,
    clock,
    logger,
    runbooks,
    governance,
    classifier: {
      scan: scanCommand,
      merge: mergeVerdicts,
      ...(llm ? { opinion: (input) => getLlmOpinion(llm, input) } : {}),
    },
    settings: {
      approvalTtlMs: config.execution.approvalTtlSeconds * 1000,
      adminUserIds: config.slack.adminUserIds,
      llmWaitMs: (config.llm?.timeoutMs ?? 20_000) * 2,
      timeoutsMs: {
        safe: config.execution.timeoutSeconds.safe * 1000,
        caution: config.execution.timeoutSeconds.caution * 1000,
        dangerous: config.execution.timeoutSeconds.dangerous * 1000,
      },
      outputCapBytes: config.execution.outputCapBytes,
      envAllowlist: [...DEFAULT_ENV_ALLOWLIST, ...config.execution.envAllowlist],
      parentEnv: options.parentEnv ?? {},
      heartbeatEveryMs: options.heartbeat?.everyMs ?? 5_000,
      heartbeatStaleMs: options.heartbeat?.staleMs ?? 30_000,
      workerId: options.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    },
  });
  const intake = createAlertIntake({ db, audit, jobs, logger });
  const alerts = createAlertProcessing({
    db,
    audit,
    chat,
    logger,
    runbooks,
    executions,
    incidentChannel: options.incidentChannel,
    dryRun: config.execution.dryRun,
  });
  return {
    config,
    logger,
    db,
    audit,
    producerRedis,
    jobs,
    chat,
    slackClient,
    governance,
    runbooks,
    executions,
    intake,
    alerts,
    scan: scanCommand,
    previewRunbook: (tenantId, which) => previewBlocks(runbooks, scanCommand, tenantId, which),
    ops: wireOps({
      config,
      logger,
      db,
      audit,
      jobs,
      redis: producerRedis,
      chat,
      slackClient,
      opsChannel: options.opsChannel ?? (() => config.ops.channel),
      governance,
      clock,
      rehearsal: options.rehearsal ?? null,
    }),
    async close() {
      await jobs.close();
      producerRedis.disconnect();
      await db.destroy();
    },
  };
}
