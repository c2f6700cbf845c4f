import { z } from 'zod';
import { OPS_ENV_SHAPE, type OpsConfig, opsConfig } from './config-ops.js';
import type { SourceSecrets } from './webhooks/source-auth.js';

/**
 * The only reader of process.env. One schema, validated once at boot; a missing or bad
 * variable stops the process with a message naming it. Everything else gets `config`.
 */

/** true/false/1/0/yes/no; empty means "not set" so defaults apply. */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v === 'true' || v === '1' || v === 'yes'));
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const ENV_SCHEMA = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_PRETTY: bool,

    DATABASE_URL: z.string().url().default('postgres://runbook_copilot@127.0.0.1:5432/runbook_copilot'),
    MIGRATION_DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/runbook_copilot'),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9_-]+$/, 'letters, digits, _ and - only')
      .default('rbc'),

    HTTP_HOST: z.string().default('127.0.0.1'),
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_URL: optionalString,

    SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xoxb-'), 'must start with xoxb-'),
    SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xapp-'), 'must start with xapp-'),
    SLACK_API_URL: optionalString,
    SLACK_INCIDENT_CHANNEL: optionalString,
    SLACK_ADMIN_USER_IDS: list,

    SANDBOX_HOST: z.string().default('127.0.0.1'),
    SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(3001),

    PAGERDUTY_WEBHOOK_SECRETS: list,
    ALERTMANAGER_WEBHOOK_TOKENS: list,
    ALERTMANAGER_WEBHOOK_BASIC_AUTH: list,
    GRAFANA_WEBHOOK_TOKENS: list,
    GRAFANA_WEBHOOK_BASIC_AUTH: list,
    GRAFANA_WEBHOOK_HMAC_SECRETS: list,
    OPSGENIE_WEBHOOK_TOKENS: list,
    OPSGENIE_WEBHOOK_BASIC_AUTH: list,
    JSM_WEBHOOK_TOKENS: list,
    JSM_WEBHOOK_BASIC_AUTH: list,
    GENERIC_WEBHOOK_SECRETS: list,
    ALERT_CHANNEL_BUDGET_PER_MINUTE: z.coerce.number().int().min(1).max(60).default(12),
    ALERT_STORM_SUMMARY_SECONDS: z.coerce.number().int().min(1).max(300).default(30),
    RUNBOOK_API_TOKENS: list,
    ADMIN_API_TOKENS: list,
    WEBHOOK_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(256 * 1024),

    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: optionalString,
    OPENAI_MODEL: z.string().default('gpt-4.1-mini'),
    LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
    // The threaded incident copilot's hard bounds per turn (docs/copilot.md).
    COPILOT_MAX_TOOL_CALLS: z.coerce.number().int().min(0).max(50).default(8),
    COPILOT_MAX_MODEL_CALLS: z.coerce.number().int().min(1).max(20).default(5),
    COPILOT_MAX_TOKENS: z.coerce.number().int().min(500).max(1_000_000).default(40_000),
    COPILOT_TURN_BUDGET_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
    COPILOT_TOOL_RESULT_MAX_CHARS: z.coerce.number().int().min(200).max(100_000).default(6_000),
    COPILOT_POLICY_FILE: optionalString,

    RUNBOOKS_DIR: z.string().default('runbooks'),
    AUDIT_ANCHOR_FILE: z.string().default('.data/audit-anchors.jsonl'),
    AUDIT_ANCHOR_EVERY_MINUTES: z.coerce.number().int().positive().default(15),
    SLACK_AUDIT_CHANNEL: optionalString,
    GOVERNANCE_MODE: z.enum(['strict', 'audit']).default('strict'),
    EXECUTION_DRY_RUN: bool,
    APPROVAL_TTL_SECONDS: seconds(600),
    STEP_TIMEOUT_SAFE_SECONDS: seconds(60),
    STEP_TIMEOUT_CAUTION_SECONDS: seconds(300),
    STEP_TIMEOUT_DANGEROUS_SECONDS: seconds(600),
    STEP_OUTPUT_CAP_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(256 * 1024),
    EXECUTION_ENV_ALLOWLIST: list,
    EXECUTOR_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    EXECUTION_CONTAINMENT: z
      .enum(['pidns', 'process-group', ''])
      .optional()
      .transform((v) => v || 'pidns'),
    // Backups, drills, health checks, SLOs and digests: see config-ops.ts.
    ...OPS_ENV_SHAPE,
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.SLACK_BOT_TOKEN) !== Boolean(env.SLACK_APP_TOKEN)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.SLACK_BOT_TOKEN ? 'SLACK_APP_TOKEN' : 'SLACK_BOT_TOKEN'],
        message: 'set both SLACK_BOT_TOKEN and SLACK_APP_TOKEN for real Slack, or neither for the local sandbox',
      });
    }
    if (env.SLACK_BOT_TOKEN && !env.SLACK_INCIDENT_CHANNEL) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_INCIDENT_CHANNEL'],
        message: 'required with real Slack: the channel id (C…) where incident threads open',
      });
    }
  });

export type Env = z.infer<typeof ENV_SCHEMA>;

export interface Config {
  env: Env['NODE_ENV'];
  log: { level: Env['LOG_LEVEL']; pretty: boolean };
  database: { url: string; migrationUrl: string; poolMax: number };
  redis: { url: string; queuePrefix: string };
  http: { host: string; port: number; publicUrl: string | undefined };
  slack: {
    /** 'real' connects to Slack in Socket Mode; 'sandbox' starts the local Slack. */
    mode: 'real' | 'sandbox';
    botToken: string | undefined;
    appToken: string | undefined;
    apiUrl: string | undefined;
    incidentChannel: string | undefined;
    adminUserIds: string[];
  };
  sandbox: { host: string; port: number };
  webhooks: {
    pagerdutySecrets: string[];
    sources: SourceSecrets;
    maxBytes: number;
    /** Incident messages a channel gets per minute before a storm is summarised; and how often. */
    storm: { budgetPerMinute: number; summaryEverySeconds: number };
    runbookApiTokens: string[];
    adminApiTokens: string[];
  };
  llm: { apiKey: string | undefined; baseURL: string | undefined; model: string; timeoutMs: number } | null;
  copilot: {
    maxToolCalls: number;
    maxModelCalls: number;
    maxTokens: number;
    turnBudgetMs: number;
    toolResultMaxChars: number;
    /** An operator's policy YAML; the shipped policy otherwise. */
    policyFile: string | undefined;
  };
  runbooksDir: string;
  audit: {
    /** Chain heads written outside the database (JSON lines). */
    anchorFile: string;
    anchorEveryMinutes: number;
    /** A channel where anchors are also posted for people to see; none by default. */
    slackChannel: string | undefined;
  };
  execution: {
    governanceMode: 'strict' | 'audit';
    dryRun: boolean;
    approvalTtlSeconds: number;
    timeoutSeconds: { safe: number; caution: number; dangerous: number };
    outputCapBytes: number;
    envAllowlist: string[];
    /** pidns: a PID namespace per step, refused when unavailable; process-group: the weaker opt-out. */
    containment: 'pidns' | 'process-group';
    /** Commands one worker process runs at the same time. */
    concurrency: number;
  };
  ops: OpsConfig;
}

export class ConfigError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}\n(see .env.example)`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export function loadConfig(source: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env): Config {
  const parsed = ENV_SCHEMA.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = parsed.data;
  const mode: Config['slack']['mode'] = e.SLACK_BOT_TOKEN ? 'real' : 'sandbox';
  return Object.freeze({
    env: e.NODE_ENV,
    // The sandbox is someone trying the product at a terminal: human lines unless asked otherwise.
    log: { level: e.LOG_LEVEL, pretty: e.LOG_PRETTY ?? mode === 'sandbox' },
    database: { url: e.DATABASE_URL, migrationUrl: e.MIGRATION_DATABASE_URL, poolMax: e.DATABASE_POOL_MAX },
    redis: { url: e.REDIS_URL, queuePrefix: e.QUEUE_PREFIX },
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT, publicUrl: e.PUBLIC_URL },
    slack: {
      mode,
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      incidentChannel: e.SLACK_INCIDENT_CHANNEL,
      adminUserIds: e.SLACK_ADMIN_USER_IDS,
    },
    sandbox: { host: e.SANDBOX_HOST, port: e.SANDBOX_PORT },
    webhooks: {
      pagerdutySecrets: e.PAGERDUTY_WEBHOOK_SECRETS,
      sources: {
        alertmanager: { bearer: e.ALERTMANAGER_WEBHOOK_TOKENS, basic: e.ALERTMANAGER_WEBHOOK_BASIC_AUTH },
        grafana: {
          bearer: e.GRAFANA_WEBHOOK_TOKENS,
          basic: e.GRAFANA_WEBHOOK_BASIC_AUTH,
          hmacSecrets: e.GRAFANA_WEBHOOK_HMAC_SECRETS,
        },
        opsgenie: { bearer: e.OPSGENIE_WEBHOOK_TOKENS, basic: e.OPSGENIE_WEBHOOK_BASIC_AUTH },
        jsm: { bearer: e.JSM_WEBHOOK_TOKENS, basic: e.JSM_WEBHOOK_BASIC_AUTH },
        generic: { hmacSecrets: e.GENERIC_WEBHOOK_SECRETS },
      },
      maxBytes: e.WEBHOOK_MAX_BYTES,
      storm: { budgetPerMinute: e.ALERT_CHANNEL_BUDGET_PER_MINUTE, summaryEverySeconds: e.ALERT_STORM_SUMMARY_SECONDS },
      runbookApiTokens: e.RUNBOOK_API_TOKENS,
      adminApiTokens: e.ADMIN_API_TOKENS,
    },
    llm: e.OPENAI_API_KEY
      ? { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL, timeoutMs: e.LLM_TIMEOUT_MS }
      : null,
    copilot: {
      maxToolCalls: e.COPILOT_MAX_TOOL_CALLS,
      maxModelCalls: e.COPILOT_MAX_MODEL_CALLS,
      maxTokens: e.COPILOT_MAX_TOKENS,
      turnBudgetMs: e.COPILOT_TURN_BUDGET_MS,
      toolResultMaxChars: e.COPILOT_TOOL_RESULT_MAX_CHARS,
      policyFile: e.COPILOT_POLICY_FILE,
    },
    runbooksDir: e.RUNBOOKS_DIR,
    audit: {
      anchorFile: e.AUDIT_ANCHOR_FILE,
      anchorEveryMinutes: e.AUDIT_ANCHOR_EVERY_MINUTES,
      slackChannel: e.SLACK_AUDIT_CHANNEL,
    },
    execution: {
      governanceMode: e.GOVERNANCE_MODE,
      // The sandbox is for trying the product: commands are shown, not run, unless asked.
      dryRun: e.EXECUTION_DRY_RUN ?? mode === 'sandbox',
      approvalTtlSeconds: e.APPROVAL_TTL_SECONDS,
      timeoutSeconds: {
        safe: e.STEP_TIMEOUT_SAFE_SECONDS,
        caution: e.STEP_TIMEOUT_CAUTION_SECONDS,
        dangerous: e.STEP_TIMEOUT_DANGEROUS_SECONDS,
      },
      outputCapBytes: e.STEP_OUTPUT_CAP_BYTES,
      envAllowlist: e.EXECUTION_ENV_ALLOWLIST,
      containment: e.EXECUTION_CONTAINMENT,
      concurrency: e.EXECUTOR_CONCURRENCY,
    },
    ops: opsConfig(e),
  });
}

/**
 * The environment commands run with is built from this (allowlisted names only; the
 * product's own secrets are always stripped by the executor).
 */
export function processEnvironment(): Readonly<Record<string, string | undefined>> {
  return process.env;
}
