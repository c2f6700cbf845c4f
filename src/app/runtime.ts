import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import { createAlertIntake } from '../alerts/intake-service.js';
import { createAlertProcessing } from '../alerts/process-service.js';
import { createApprovalService } from '../approvals/service.js';
import { type Anchoring, createAnchoring } from '../audit/anchor-service.js';
import { type AuditLog, createAuditLog } from '../audit/audit-log.js';
import { getLlmOpinion, mergeVerdicts, scanCommand } from '../classifier/index.js';
import type { Config } from '../config.js';
import { loadCopilotPolicy } from '../copilot/policy/load.js';
import { type CopilotService, createCopilotService } from '../copilot/service.js';
import { assertDbReachable, createDb, type Db } from '../db/database.js';
import { DEFAULT_ENV_ALLOWLIST } from '../executions/executor/child-env.js';
import type { EngineSettings } from '../executions/service/deps.js';
import { createExecutionService, type ExecutionService } from '../executions/service/index.js';
import { type AdminActions, createAdminActions } from '../governance/admin-actions.js';
import { type Authorizer, createAuthorizer } from '../governance/authorizer.js';
import { createGovernance, type Governance } from '../governance/mode.js';
import { createPanicSwitch, type PanicSwitch } from '../governance/panic.js';
import { panicStateFor } from '../governance/panic-state.js';
import { createCommandControl } from '../jobs/command-control.js';
import { createJobProducer, type JobProducer } from '../jobs/producer.js';
import { assertRedisReachable, createRedis } from '../jobs/redis.js';
import { createThreadLock } from '../jobs/thread-lock.js';
import type { ChatPort } from '../lib/chat.js';
import { type Clock, systemClock } from '../lib/clock.js';
import type { DirectoryPort } from '../lib/directory.js';
import { createOpenAiLlm, type LlmPort } from '../lib/llm.js';
import { createOpenAiToolChat, type ToolChatPort } from '../lib/llm-chat.js';
import type { Logger } from '../lib/logger.js';
import { redactCommand } from '../lib/redact.js';
import type { Ops } from '../ops/index.js';
import type { DrillRehearsal } from '../ops/ports.js';
import { createRunbookService, type RunbookService } from '../runbooks/service.js';
import { createSlackChat, type PacingStats, POST_INTERVAL_MS, UPDATE_INTERVAL_MS } from '../slack/chat-adapter.js';
import { createSlackDirectory } from '../slack/directory.js';
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
  /** The Web API the product posts with (real Slack or the sandbox); `retries` 0 for one-shot CLI calls. */
  slack: { botToken: string; apiUrl?: string | undefined; retries?: number };
  /** The install's own incident channel (SLACK_INCIDENT_CHANNEL, or the sandbox's #incidents). */
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
  /** Overrides config.llm for the copilot's tool loop (null: the copilot is off). */
  copilotModel?: ToolChatPort | null;
}

export interface Runtime {
  config: Config;
  logger: Logger;
  db: Db;
  audit: AuditLog;
  producerRedis: Redis;
  jobs: JobProducer;
  chat: ChatPort;
  /** Time spent waiting for Slack's pacing, posts and updates made: for benchmarks. */
  chatStats: () => PacingStats;
  slackClient: WebClient;
  governance: Governance;
  authz: Authorizer;
  directory: DirectoryPort;
  admin: AdminActions;
  runbooks: RunbookService;
  executions: ExecutionService;
  panic: PanicSwitch;
  anchoring: Anchoring;
  intake: ReturnType<typeof createAlertIntake>;
  alerts: ReturnType<typeof createAlertProcessing>;
  scan: typeof scanCommand;
  /** Where a tenant's incident threads open: its recorded channel, else the install's own. */
  incidentChannelFor: (tenantId: string) => Promise<string>;
  previewRunbook: (
    tenantId: string,
    which: { slug: string } | { text: string },
  ) => Promise<import('@slack/types').KnownBlock[]>;
  /** Backups, restore checks, drills, health, SLOs, digests. */
  ops: Ops;
  /** The threaded incident copilot. */
  copilot: CopilotService;
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

function openAiFor(config: Config) {
  return (timeoutMs: number, maxRetries: number) =>
    config.llm
      ? createOpenAiLlm({
          apiKey: config.llm.apiKey!,
          baseURL: config.llm.baseURL,
          model: config.llm.model,
          timeoutMs,
          maxRetries,
        })
      : null;
}

function copilotModelFor(options: RuntimeOptions): ToolChatPort | null {
  if (options.copilotModel !== undefined) return options.copilotModel;
  const llm = options.config.llm;
  return llm
    ? createOpenAiToolChat({ apiKey: llm.apiKey!, baseURL: llm.baseURL, model: llm.model, maxRetries: 1 })
    : null;
}

function engineSettings(options: RuntimeOptions): EngineSettings {
  const { config } = options;
  return {
    approvalTtlMs: config.execution.approvalTtlSeconds * 1000,
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
    containment: config.execution.containment,
  };
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
    retryConfig: { retries: options.slack.retries ?? 5, factor: 1.6, minTimeout: 500, maxTimeout: 10_000 },
  });
  const chat = createSlackChat({
    client: slackClient,
    limiter: createSlotLimiter(producerRedis, { prefix: config.redis.queuePrefix, intervalMs: POST_INTERVAL_MS }),
    updateLimiter: createSlotLimiter(producerRedis, {
      prefix: config.redis.queuePrefix,
      intervalMs: UPDATE_INTERVAL_MS,
    }),
  });
  const openAi = openAiFor(config);
  const llm = options.llm !== undefined ? options.llm : openAi(config.llm?.timeoutMs ?? 0, 1);
  // Compiling a runbook has a 5 s budget: past it the deterministic result is used instead.
  const compileLlm =
    options.llm !== undefined ? options.llm : openAi(Math.min(config.llm?.timeoutMs ?? 0, COMPILE_LLM_BUDGET_MS), 0);
  const governance = createGovernance({ db, audit, defaultMode: config.execution.governanceMode });
  const directory = createSlackDirectory({ client: slackClient, logger });
  const authz = createAuthorizer({ db, audit, directory, configAdmins: config.slack.adminUserIds });
  const runbooks = createRunbookService({ db, audit, logger, authz, compile: compileForLibrary(compileLlm, logger) });
  const incidentChannelFor = async (tenantId: string) =>
    (await governance.workspace(tenantId))?.incidentChannel ?? options.incidentChannel();
  const control = createCommandControl(producerRedis, config.redis.queuePrefix);
  const admin = createAdminActions({ governance, authz, runbooks, chat, incidentChannel: incidentChannelFor, logger });
  const executions = createExecutionService({
    db,
    audit,
    jobs,
    chat,
    clock,
    logger,
    runbooks,
    governance,
    authz,
    approvals: createApprovalService({ authz, clock, approvalTtlMs: config.execution.approvalTtlSeconds * 1000 }),
    control,
    panic: { stateFor: (tenantId) => panicStateFor(db, tenantId) },
    redactCommand,
    classifier: {
      scan: scanCommand,
      merge: mergeVerdicts,
      ...(llm ? { opinion: (input) => getLlmOpinion(llm, input) } : {}),
    },
    settings: engineSettings(options),
  });
  const panic = createPanicSwitch({
    db,
    audit,
    authz,
    signal: control,
    executions,
    announce: async (tenantId, text) => {
      await chat.post({ channel: await incidentChannelFor(tenantId), text }).catch((err: unknown) => {
        logger.warn({ err }, 'could not announce the panic switch');
      });
    },
  });
  const intake = createAlertIntake({ db, jobs, logger });
  const anchoring = createAnchoring({
    db,
    file: config.audit.anchorFile,
    chat,
    auditChannel: config.audit.slackChannel,
    logger,
  });
  const alerts = createAlertProcessing({
    db,
    audit,
    chat,
    logger,
    runbooks,
    executions,
    incidentChannel: incidentChannelFor,
    dryRun: config.execution.dryRun,
    jobs,
    authz,
    storm: config.webhooks.storm,
  });
  const copilot = createCopilotService({
    db,
    authz,
    audit,
    chat,
    jobs,
    logger,
    clock,
    runbooks,
    governanceMode: (tenantId) => governance.mode(tenantId),
    scan: scanCommand,
    model: copilotModelFor(options),
    policy: loadCopilotPolicy(config.copilot.policyFile),
    budgets: {
      maxToolCalls: config.copilot.maxToolCalls,
      maxModelCalls: config.copilot.maxModelCalls,
      maxTokens: config.copilot.maxTokens,
      wallClockMs: config.copilot.turnBudgetMs,
      modelTimeoutMs: config.llm?.timeoutMs ?? 20_000,
      toolResultMaxChars: config.copilot.toolResultMaxChars,
    },
    lock: createThreadLock(producerRedis, config.redis.queuePrefix),
    // The copilot publishes (as itself) and the person who pressed Start starts the run.
    startOneStepRun: async (input) => {
      const { version } = await runbooks.publish({
        tenantId: input.tenantId,
        slug: input.slug,
        text: input.runbookText,
        sourceKind: 'slack',
        publisher: { kind: 'operator', name: 'system:copilot' },
      });
      const execution = await executions.start({
        tenantId: input.tenantId,
        incidentId: null,
        runbookVersionId: version.id,
        userId: input.userId,
        channelId: input.channelId,
        threadTs: input.threadTs,
        dryRun: config.execution.dryRun,
      });
      return { executionId: execution.id };
    },
  });
  return {
    config,
    logger,
    db,
    audit,
    producerRedis,
    copilot,
    jobs,
    chat,
    chatStats: () => chat.stats(),
    slackClient,
    governance,
    authz,
    directory,
    admin,
    runbooks,
    executions,
    panic,
    anchoring,
    intake,
    alerts,
    scan: scanCommand,
    incidentChannelFor,
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
