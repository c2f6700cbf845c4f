import { isDomainError, newErrorId } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';

/** What a person sees when their action cannot be done: the reason, or an error id to quote. */
export function describeForUser(err: unknown, logger: Logger, context: Record<string, unknown>): string {
  if (isDomainError(err)) return `⚠️ ${err.message}`;
  const errorId = newErrorId();
  logger.error({ err, errorId, ...context }, 'slack action failed');
  return `⚠️ Something went wrong on our side (error id \`${errorId}\`). Nothing was run. Try again, or quote the id to your admin.`;
}
