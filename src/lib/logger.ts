import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import pretty from 'pino-pretty';
import { logBindings } from './log-context.js';

export type { Logger };

/**
 * Paths pino blanks out wherever they appear in a log line: generic secret-looking keys,
 * request headers, and the real paths of the secrets in `Config` (src/config.ts).
 */
export const LOG_REDACT_PATHS = [
  'token',
  '*.token',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'headers["x-pagerduty-signature"]',
  'config.slack.botToken',
  'config.slack.appToken',
  'config.llm.apiKey',
  'config.database.url',
  'config.database.migrationUrl',
  'config.webhooks.pagerdutySecrets',
  'config.webhooks.sources',
  'config.webhooks.runbookApiTokens',
  'config.webhooks.adminApiTokens',
  'config.redis.url',
  'config.ops.backup.hmacKeys',
  'config.ops.backup.s3.secretAccessKey',
  'config.ops.backup.s3.accessKeyId',
];

export interface LoggerSettings {
  level: string;
  pretty?: boolean;
  name?: string;
  /** Where lines go (stdout by default); tests read them to prove what was logged. */
  destination?: DestinationStream;
}

export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    name: settings.name ?? 'runbook-copilot',
    redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    // Every line carries the ids bound for the work it belongs to (see log-context.ts).
    mixin: () => logBindings(),
  };
  if (settings.pretty) {
    // One line per record, written synchronously: a line logged just before the process
    // exits is not lost, and lines keep their order with everything else on the console.
    const stream = pretty({
      sync: true,
      singleLine: true,
      colorize: Boolean(process.stdout.isTTY),
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,name',
      ...(settings.destination ? { destination: settings.destination as NodeJS.WritableStream } : {}),
    });
    return pino(options, stream);
  }
  return settings.destination ? pino(options, settings.destination) : pino(options);
}

/** A logger that drops everything, for tests that do not read logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
