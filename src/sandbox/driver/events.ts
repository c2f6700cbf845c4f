import type { SandboxContext } from '../context.js';
import { SandboxDriverError } from '../driver-error.js';
import { postPersonMessage, threadRoot } from '../messages.js';
import { appHomeOpenedEvent, appMentionEvent, eventCallback, messageEvent } from '../payloads/events.js';
import { shortcutPayload } from '../payloads/view-payloads.js';
import type { ChannelRecord, EnvelopeOutcome, SandboxMessage } from '../types.js';
import { toWireView } from '../views.js';
import { recordInteractionFailure } from './failures.js';
import { requireMember, requirePerson } from './people.js';

export interface PersonMessageInput {
  userId: string;
  channelId: string;
  text: string;
  threadTs?: string;
}

export interface PersonMessageResult {
  message: SandboxMessage;
  /** First delivery attempt of each event Slack sent for this message (app_mention and/or message). */
  events: EnvelopeOutcome[];
  /** The event_id of each of those events (for a redelivery with retry_attempt). */
  eventIds: string[];
}

/**
 * A person posts a message. Slack sends `app_mention` when it mentions the bot (in a channel the
 * bot is in), and `message` for thread replies and DMs (or every message with messageEvents "all").
 */
export async function postAsUser(sandbox: SandboxContext, input: PersonMessageInput): Promise<PersonMessageResult> {
  const { store, options } = sandbox;
  requirePerson(store, input.userId);
  const channel = requireMember(store, input.userId, input.channelId);
  const threadTs = resolveThread(sandbox, channel, input.threadTs);
  const message = postPersonMessage(store, {
    userId: input.userId,
    channel: channel.id,
    text: input.text,
    ...(threadTs ? { threadTs } : {}),
  });
  const botIsMember = channel.members.has(options.botUserId);
  const deliveries: Promise<EnvelopeOutcome>[] = [];
  const eventIds: string[] = [];
  const send = (payload: ReturnType<typeof eventCallback>, describe: string) => {
    eventIds.push(String(payload.event_id));
    deliveries.push(sandbox.deliveries.deliverEvent(payload, describe));
  };
  if (botIsMember && message.text.includes(`<@${options.botUserId}>`) && !channel.isIm) {
    send(eventCallback(store, appMentionEvent(store, message)), `app_mention ${message.ts}`);
  }
  const wantsMessageEvent =
    options.messageEvents === 'all' ||
    (options.messageEvents === 'thread_replies' && (threadTs !== undefined || channel.isIm));
  if (botIsMember && wantsMessageEvent) {
    send(eventCallback(store, messageEvent(store, message, channel)), `message ${message.ts}`);
  }
  return { message, events: await Promise.all(deliveries), eventIds };
}

/** A person @-mentions the bot; the mention is added at the start when the text lacks one. */
export async function mention(sandbox: SandboxContext, input: PersonMessageInput): Promise<PersonMessageResult> {
  const tag = `<@${sandbox.options.botUserId}>`;
  const channel = requireMember(sandbox.store, input.userId, input.channelId);
  if (!channel.members.has(sandbox.options.botUserId)) {
    throw new SandboxDriverError(
      `the bot is not in #${channel.name}; Slack would offer to invite it instead of notifying it`,
    );
  }
  const text = input.text.includes(tag) ? input.text : `${tag} ${input.text}`;
  return postAsUser(sandbox, { ...input, text });
}

/** A person opens the app's Home tab (app_home_opened, with the published view if any). */
export async function openHome(sandbox: SandboxContext, input: { userId: string }): Promise<EnvelopeOutcome> {
  const { store } = sandbox;
  requirePerson(store, input.userId);
  const channel = store.imChannelFor(input.userId);
  const home = store.homeViews.get(input.userId);
  const event = appHomeOpenedEvent({
    userId: input.userId,
    channel: channel.id,
    ...(home ? { view: toWireView(store, home) } : {}),
  });
  return sandbox.deliveries.deliverEvent(eventCallback(store, event), `app_home_opened for ${input.userId}`);
}

/** A person runs a global shortcut from the shortcuts menu. */
export async function globalShortcut(
  sandbox: SandboxContext,
  input: { userId: string; callbackId: string },
): Promise<EnvelopeOutcome> {
  requirePerson(sandbox.store, input.userId);
  const triggerId = sandbox.triggers.issue(input.userId);
  const payload = shortcutPayload(sandbox.store, { userId: input.userId, callbackId: input.callbackId, triggerId });
  const outcome = { ...(await sandbox.deliveries.deliver('interactive', payload)), triggerId };
  recordInteractionFailure(sandbox, outcome, { userId: input.userId, what: `the shortcut "${input.callbackId}"` });
  return outcome;
}

function resolveThread(
  sandbox: SandboxContext,
  channel: ChannelRecord,
  threadTs: string | undefined,
): string | undefined {
  if (!threadTs) return undefined;
  const root = threadRoot(sandbox.store, channel.id, threadTs);
  if (!root) throw new SandboxDriverError(`no message ${threadTs} in ${channel.id} to reply to`);
  return root;
}
