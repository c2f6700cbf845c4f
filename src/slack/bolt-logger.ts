import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../lib/logger.js';
import { redactSecrets } from '../lib/redact.js';

/**
 * Bolt and the Socket Mode client log through the product's pino logger. At debug they
 * log whole payloads as text (slash command text, modal values such as an edited command,
 * messages read back from Slack): pino's key-based redaction cannot see into a string, so
 * each line goes through the same secret redaction as command output.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'slack' });
  let level = LogLevel.INFO;
  const text = (args: unknown[]) =>
    redactSecrets(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  return {
    debug: (...args) => {
      if (log.isLevelEnabled('debug')) log.debug(text(args));
    },
    info: (...args) => log.info(text(args)),
    warn: (...args) => log.warn(text(args)),
    error: (...args) => log.error(text(args)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
