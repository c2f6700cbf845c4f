import type { WebClient } from '@slack/web-api';
import { isDomainError, newErrorId } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';

/**
 * The one place a failure becomes words for a person: a coded refusal says why (and who
 * could do it instead); anything unexpected gets an error id, logged with the stack.
 */
export function describeForUser(err: unknown, logger: Logger, context: Record<string, unknown>): string {
  if (isDomainError(err)) return `⚠️ ${err.message}`;
  const errorId = newErrorId();
  logger.error({ err, errorId, ...context }, 'slack action failed');
  return `⚠️ Something went wrong on our side (error id \`${errorId}\`). Nothing was run. Try again, or quote the id to your admin.`;
}

/** A refusal shown to the clicker only, in the thread the button was in. */
export async function tellPrivately(
  client: WebClient,
  logger: Logger,
  where: { channel: string | undefined; user: string; threadTs?: string | undefined },
  text: string,
): Promise<void> {
  if (!where.channel) return;
  await client.chat
    .postEphemeral({
      channel: where.channel,
      user: where.user,
      text,
      ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
    })
    .catch((err: unknown) => logger.warn({ err }, 'could not show an ephemeral message'));
}

/** A refusal inside a modal: the field shows it and the modal stays open. */
export function modalError(err: unknown, blockId: string, logger: Logger, context: Record<string, unknown>) {
  const text = isDomainError(err) ? err.message : describeForUser(err, logger, context);
  return { response_action: 'errors' as const, errors: { [blockId]: text.slice(0, 2000) } };
}
