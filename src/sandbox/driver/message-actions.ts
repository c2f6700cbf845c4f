import { findElement, optionsOf } from '../block-kit/walk.js';
import type { SandboxContext } from '../context.js';
import { SandboxDriverError } from '../driver-error.js';
import { actionEntry, messageBlockActionsPayload } from '../payloads/block-actions.js';
import type { EnvelopeOutcome, JsonObject, SandboxEphemeral, SandboxMessage } from '../types.js';
import { recordInteractionFailure } from './failures.js';
import { requirePerson, requireVisibleChannel } from './people.js';

export interface ClickButtonInput {
  userId: string;
  channelId: string;
  messageTs: string;
  actionId: string;
  /** Narrows the match when several buttons share an action_id. */
  value?: string;
  blockId?: string;
}

export interface SelectOptionInput {
  userId: string;
  channelId: string;
  messageTs: string;
  actionId: string;
  /** The option's value. */
  value: string;
  blockId?: string;
}

/** Clicks a button that is shown in a message (or in an ephemeral message the person sees). */
export async function clickButton(sandbox: SandboxContext, input: ClickButtonInput): Promise<EnvelopeOutcome> {
  const located = locate(sandbox, input, ['button'], input.value);
  return dispatch(sandbox, input, located, actionEntry(located.element, located.blockId));
}

/** Picks an option of a static_select shown in a message. */
export async function selectOption(sandbox: SandboxContext, input: SelectOptionInput): Promise<EnvelopeOutcome> {
  const located = locate(sandbox, input, ['static_select']);
  const option = optionsOf(located.element).find((o) => o.value === input.value);
  if (!option) throw new SandboxDriverError(`select ${input.actionId} offers no option "${input.value}"`);
  return dispatch(sandbox, input, located, actionEntry(located.element, located.blockId, option));
}

type Source = { kind: 'message'; message: SandboxMessage } | { kind: 'ephemeral'; ephemeral: SandboxEphemeral };

function locate(
  sandbox: SandboxContext,
  input: { userId: string; channelId: string; messageTs: string; actionId: string; blockId?: string },
  types: string[],
  value?: string,
) {
  const { store } = sandbox;
  requirePerson(store, input.userId);
  const channel = requireVisibleChannel(store, input.userId, input.channelId);
  const message = store.findMessage(channel.id, input.messageTs);
  const ephemeral = message ? undefined : store.findEphemeral(input.userId, input.messageTs);
  const source: Source | undefined = message
    ? { kind: 'message', message }
    : ephemeral && ephemeral.channel === channel.id
      ? { kind: 'ephemeral', ephemeral }
      : undefined;
  if (!source)
    throw new SandboxDriverError(`no message ${input.messageTs} visible to ${input.userId} in ${channel.id}`);
  const blocks = source.kind === 'message' ? source.message.blocks : source.ephemeral.blocks;
  const found = findElement(blocks, {
    actionId: input.actionId,
    types,
    ...(input.blockId !== undefined ? { blockId: input.blockId } : {}),
    ...(value !== undefined ? { value } : {}),
  });
  if (!found) {
    throw new SandboxDriverError(
      `no ${types.join('/')} with action_id "${input.actionId}" in message ${input.messageTs}; a person can only click what is shown`,
    );
  }
  return { ...found, channel, source };
}

async function dispatch(
  sandbox: SandboxContext,
  input: { userId: string },
  located: ReturnType<typeof locate>,
  action: JsonObject,
): Promise<EnvelopeOutcome> {
  const { source, channel } = located;
  const messageTs = source.kind === 'message' ? source.message.ts : source.ephemeral.ts;
  const threadTs = source.kind === 'message' ? source.message.threadTs : source.ephemeral.threadTs;
  const triggerId = sandbox.triggers.issue(input.userId);
  const responseUrl = sandbox.responseUrls.issue({
    kind: 'message_action',
    channel: channel.id,
    userId: input.userId,
    messageTs,
    ephemeral: source.kind === 'ephemeral',
    ...(threadTs ? { threadTs } : {}),
  });
  const payload = messageBlockActionsPayload(sandbox.store, {
    userId: input.userId,
    channel,
    source,
    action,
    triggerId,
    responseUrl,
  });
  if (action.selected_option) {
    payload.state = {
      values: {
        [located.blockId]: {
          [String(action.action_id)]: { type: action.type, selected_option: action.selected_option },
        },
      },
    };
  }
  const outcome = { ...(await sandbox.deliveries.deliver('interactive', payload)), triggerId, responseUrl };
  recordInteractionFailure(sandbox, outcome, {
    userId: input.userId,
    channelId: channel.id,
    messageTs,
    what: `the click on "${String(action.action_id)}"`,
  });
  return outcome;
}
