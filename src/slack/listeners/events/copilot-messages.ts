import { isDomainError } from '../../../lib/errors.js';
import { describeForUser, tellPrivately } from '../../error-ui.js';
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

interface EventsApiBody {
  type?: string;
  event_id?: string;
  event?: PersonMessageEvent;
}

/** The Events API types the copilot takes (stored before their ack, not through Bolt listeners). */
export const COPILOT_EVENTS: ReadonlySet<string> = new Set(['app_mention', 'message']);

/**
 * An @mention in an incident thread, or any reply in a thread where the product has an
 * incident, becomes a copilot turn. Only people's plain messages count (no edits, joins or
 * bots). The turn is keyed by Slack's event id, so a retry (retry_num ≥ 1) finds it stored.
 *
 * Called before the envelope is acknowledged (see createSlackApp): when the turn cannot be
 * stored (Postgres or Redis down) this throws, the envelope stays un-acked, and Slack
 * delivers the event again. A refusal (a foreign workspace) is final and is acknowledged.
 */
export function copilotEventIntake(ctx: ListenerContext) {
  return async (payload: unknown, retryNum: number | undefined): Promise<void> => {
    const body = payload as EventsApiBody;
    const event = body.event;
    if (body.type !== 'event_callback' || !event || !COPILOT_EVENTS.has(event.type)) return;
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
      // Asked by name without the role to read incidents: the refusal (audited) names who can grant it.
      if (outcome === 'not_allowed' && event.type === 'app_mention' && !retryNum) {
        await ctx.services.authz.require(who, 'incident.read').catch(async (err: unknown) => {
          const text = describeForUser(err, ctx.logger, { surface: 'copilot' });
          const where = { channel: event.channel, user: who.userId, threadTs: event.thread_ts };
          await tellPrivately(ctx.app.client, ctx.logger, where, text);
        });
      }
    } catch (err) {
      if (isDomainError(err)) {
        ctx.logger.info({ err, retryNum }, 'copilot message refused');
        return;
      }
      ctx.logger.warn({ err, retryNum }, 'could not store a copilot message; Slack will deliver it again');
      throw err;
    }
  };
}
