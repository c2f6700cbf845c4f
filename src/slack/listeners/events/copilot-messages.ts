import type { ListenerContext } from '../context.js';

/** The fields of app_mention / message events the copilot reads. */
interface PersonMessageEvent {
  type: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
}

/**
 * An @mention in an incident thread, or any reply in a thread where the product has an
 * incident, becomes a copilot turn. Only people's plain messages count (no edits, joins or
 * bots). The turn is keyed by Slack's event id, so a retry (retry_num ≥ 1) finds it stored.
 */
export function registerCopilotMessages(ctx: ListenerContext): void {
  const handle = async (event: PersonMessageEvent, body: { event_id?: string }, retryNum: number | undefined) => {
    if (event.subtype !== undefined && event.subtype !== 'thread_broadcast') return;
    if (event.bot_id || !event.user || !event.thread_ts) return;
    try {
      const who = await ctx.services.tenants.principalOf({ ...body, user: event.user });
      const outcome = await ctx.services.copilot.accept({
        tenantId: who.tenantId,
        eventId: body.event_id ?? `${event.channel}-${event.ts}`,
        channelId: event.channel,
        threadTs: event.thread_ts,
        messageTs: event.ts,
        userId: who.userId,
        text: event.text ?? '',
      });
      ctx.logger.debug({ outcome, retryNum, eventType: event.type }, 'copilot message');
    } catch (err) {
      // Bolt acks Events API envelopes before listeners run, so Slack will not redeliver this one.
      ctx.logger.warn({ err, retryNum }, 'could not take a copilot message');
    }
  };
  ctx.app.event('app_mention', async ({ event, body, context }) => {
    await handle(event as unknown as PersonMessageEvent, body as { event_id?: string }, context.retryNum);
  });
  ctx.app.event('message', async ({ event, body, context }) => {
    await handle(event as unknown as PersonMessageEvent, body as { event_id?: string }, context.retryNum);
  });
}
