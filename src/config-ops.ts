import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';

/**
 * The operations part of the environment (backups, drills, health, SLOs, digests), kept
 * beside config.ts so the main schema stays readable. config.ts merges it; nothing else
 * reads these variables.
 */

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : v === 'true' || v === '1' || v === 'yes'));
const count = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const positive = (fallback: number) => z.coerce.number().positive().default(fallback);
const ratio = (fallback: number) => z.coerce.number().gt(0).lt(1).default(fallback);

/** A cron expression (seconds field optional), or `off`/empty to switch the schedule off. */
const cron = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined ? fallback : v.trim()))
    .refine((v) => v === '' || v === 'off' || isCron(v), 'not a cron expression (e.g. "0 30 2 * * *"), or "off"')
    .transform((v) => (v === '' || v === 'off' ? null : v));

function isCron(expression: string): boolean {
  try {
    CronExpressionParser.parse(expression, { tz: 'UTC' });
    return true;
  } catch {
    return false;
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** HMAC keys: the first signs new manifests, every one is accepted when verifying (rotation). */
const hmacKeys = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .refine(
    (keys) => keys.every((k) => k.length >= 32),
    'each key must be at least 32 characters (openssl rand -hex 32)',
  );

export const OPS_ENV_SHAPE = {
  SLACK_OPS_CHANNEL: optionalString,

  BACKUP_DIR: z.string().default('backups'),
  BACKUP_WORK_DIR: optionalString,
  BACKUP_HMAC_KEY: hmacKeys,
  BACKUP_S3_BUCKET: optionalString,
  BACKUP_S3_PREFIX: z.string().default('runbook-copilot/'),
  BACKUP_S3_ENDPOINT: optionalString,
  BACKUP_S3_REGION: z.string().default('us-east-1'),
  BACKUP_S3_FORCE_PATH_STYLE: bool(false),
  BACKUP_S3_ACCESS_KEY_ID: optionalString,
  BACKUP_S3_SECRET_ACCESS_KEY: optionalString,
  BACKUP_KEEP_DAILY: count(7),
  BACKUP_KEEP_WEEKLY: count(4),
  BACKUP_KEEP_MONTHLY: count(6),
  BACKUP_VERIFY_AFTER: bool(true),

  OPS_TIMEZONE: z.string().default('UTC').refine(isTimeZone, 'not an IANA time zone (e.g. UTC, Europe/Paris)'),
  OPS_CRON_BACKUP: cron('0 30 2 * * *'),
  OPS_CRON_DRILL_QUICK: cron('0 0 4 * * 1'),
  OPS_CRON_DRILL_FULL: cron('0 0 5 1 1,4,7,10 *'),
  OPS_CRON_HEALTH: cron('0 * * * * *'),
  OPS_CRON_SLO: cron('30 */5 * * * *'),
  OPS_CRON_DIGEST_DAILY: cron('0 0 8 * * *'),
  OPS_CRON_REPORT_WEEKLY: cron('0 5 8 * * 1'),

  HEALTH_FAIL_AFTER: z.coerce.number().int().min(1).default(2),
  HEALTH_RECOVER_AFTER: z.coerce.number().int().min(1).default(2),
  HEALTH_FLAP_EPISODES: z.coerce.number().int().min(2).default(3),
  HEALTH_FLAP_WINDOW_MINUTES: positive(60),
  HEALTH_QUEUE_LAG_SECONDS: positive(120),
  HEALTH_FAILED_JOBS_PER_HOUR: count(10),
  HEALTH_DISK_FREE_MIN_PERCENT: z.coerce.number().min(0).max(100).default(10),
  HEALTH_BACKUP_MAX_AGE_HOURS: positive(26),
  HEALTH_DRILL_MAX_AGE_DAYS: positive(8),

  SLO_ANNOUNCE_SECONDS: positive(30),
  SLO_ANNOUNCE_TARGET: ratio(0.99),
  SLO_STEP_START_SECONDS: positive(15),
  SLO_STEP_START_TARGET: ratio(0.99),
  SLO_JOB_SUCCESS_TARGET: ratio(0.99),
  SLO_WINDOW_DAYS: positive(28),
  SLO_GUARD_STRICT: bool(false),
};

type OpsEnv = { [K in keyof typeof OPS_ENV_SHAPE]: z.infer<(typeof OPS_ENV_SHAPE)[K]> };

export type OpsScheduleName =
  | 'backup'
  | 'drill_quick'
  | 'drill_full'
  | 'health'
  | 'slo'
  | 'digest_daily'
  | 'report_weekly';

export interface OpsConfig {
  /** Channel id for ops messages; undefined = the sandbox's #ops, or nowhere with real Slack. */
  channel: string | undefined;
  backup: {
    dir: string;
    workDir: string | undefined;
    hmacKeys: string[];
    s3: {
      bucket: string;
      prefix: string;
      endpoint: string | undefined;
      region: string;
      forcePathStyle: boolean;
      accessKeyId: string | undefined;
      secretAccessKey: string | undefined;
    } | null;
    keep: { daily: number; weekly: number; monthly: number };
    verifyAfterBackup: boolean;
  };
  timezone: string;
  /** null = switched off. */
  schedules: Record<OpsScheduleName, string | null>;
  health: {
    failAfter: number;
    recoverAfter: number;
    flapEpisodes: number;
    flapWindowMs: number;
    queueLagMs: number;
    failedJobsPerHour: number;
    diskFreeMinPercent: number;
    backupMaxAgeMs: number;
    drillMaxAgeMs: number;
  };
  slo: {
    announceMs: number;
    announceTarget: number;
    stepStartMs: number;
    stepStartTarget: number;
    jobSuccessTarget: number;
    windowMs: number;
    guardSwitchesToStrict: boolean;
  };
}

const HOUR = 3600_000;

export function opsConfig(e: OpsEnv): OpsConfig {
  return {
    channel: e.SLACK_OPS_CHANNEL,
    backup: {
      dir: e.BACKUP_DIR,
      workDir: e.BACKUP_WORK_DIR,
      hmacKeys: e.BACKUP_HMAC_KEY,
      s3: e.BACKUP_S3_BUCKET
        ? {
            bucket: e.BACKUP_S3_BUCKET,
            prefix: e.BACKUP_S3_PREFIX,
            endpoint: e.BACKUP_S3_ENDPOINT,
            region: e.BACKUP_S3_REGION,
            forcePathStyle: e.BACKUP_S3_FORCE_PATH_STYLE,
            accessKeyId: e.BACKUP_S3_ACCESS_KEY_ID,
            secretAccessKey: e.BACKUP_S3_SECRET_ACCESS_KEY,
          }
        : null,
      keep: { daily: e.BACKUP_KEEP_DAILY, weekly: e.BACKUP_KEEP_WEEKLY, monthly: e.BACKUP_KEEP_MONTHLY },
      verifyAfterBackup: e.BACKUP_VERIFY_AFTER,
    },
    timezone: e.OPS_TIMEZONE,
    schedules: {
      backup: e.OPS_CRON_BACKUP,
      drill_quick: e.OPS_CRON_DRILL_QUICK,
      drill_full: e.OPS_CRON_DRILL_FULL,
      health: e.OPS_CRON_HEALTH,
      slo: e.OPS_CRON_SLO,
      digest_daily: e.OPS_CRON_DIGEST_DAILY,
      report_weekly: e.OPS_CRON_REPORT_WEEKLY,
    },
    health: {
      failAfter: e.HEALTH_FAIL_AFTER,
      recoverAfter: e.HEALTH_RECOVER_AFTER,
      flapEpisodes: e.HEALTH_FLAP_EPISODES,
      flapWindowMs: e.HEALTH_FLAP_WINDOW_MINUTES * 60_000,
      queueLagMs: e.HEALTH_QUEUE_LAG_SECONDS * 1000,
      failedJobsPerHour: e.HEALTH_FAILED_JOBS_PER_HOUR,
      diskFreeMinPercent: e.HEALTH_DISK_FREE_MIN_PERCENT,
      backupMaxAgeMs: e.HEALTH_BACKUP_MAX_AGE_HOURS * HOUR,
      drillMaxAgeMs: e.HEALTH_DRILL_MAX_AGE_DAYS * 24 * HOUR,
    },
    slo: {
      announceMs: e.SLO_ANNOUNCE_SECONDS * 1000,
      announceTarget: e.SLO_ANNOUNCE_TARGET,
      stepStartMs: e.SLO_STEP_START_SECONDS * 1000,
      stepStartTarget: e.SLO_STEP_START_TARGET,
      jobSuccessTarget: e.SLO_JOB_SUCCESS_TARGET,
      windowMs: e.SLO_WINDOW_DAYS * 24 * HOUR,
      guardSwitchesToStrict: e.SLO_GUARD_STRICT,
    },
  };
}
