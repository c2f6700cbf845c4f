import type { SandboxContext } from '../context.js';
import { postBotMessage, postPersonMessage } from '../messages.js';
import type { ChannelRecord, JsonObject } from '../types.js';
import { SlackApiError } from '../web-api/errors.js';
import { readMessageContent } from '../web-api/message-content.js';

export interface SlashInvocation {
  userId: string;
  channel: ChannelRecord;
  command: string;
  text: string;
}

/**
 * What the person sees after the app acked a slash command: nothing for an empty ack, an
 * ephemeral reply by default, or the command and reply in the channel for `in_channel`.
 */
export function applySlashCommandAck(sandbox: SandboxContext, invocation: SlashInvocation, ack: JsonObject): void {
  const { store } = sandbox;
  if (ack.text === undefined && ack.blocks === undefined) return;
  let content: ReturnType<typeof readMessageContent>;
  try {
    content = readMessageContent(ack, sandbox.options);
  } catch (error) {
    if (!(error instanceof SlackApiError)) throw error;
    showCommandError(sandbox, invocation, error.code);
    return;
  }
  if (ack.response_type === 'in_channel') {
    postPersonMessage(store, {
      userId: invocation.userId,
      channel: invocation.channel.id,
      text: `${invocation.command} ${invocation.text}`.trim(),
    });
    postBotMessage(store, {
      channel: invocation.channel.id,
      text: content.text,
      ...(content.blocks ? { blocks: content.blocks } : {}),
      source: 'slash_command_ack',
    });
    return;
  }
  store.addEphemeral({
    channel: invocation.channel.id,
    ts: store.nextTs(),
    user: invocation.userId,
    text: content.text,
    ...(content.blocks ? { blocks: content.blocks } : {}),
    from: 'app',
    source: 'slash_command_ack',
  });
}

/** Slack's own ephemeral: `/runbook failed with the error "operation_timeout"`. */
export function showCommandError(sandbox: SandboxContext, invocation: SlashInvocation, code: string): void {
  const { store } = sandbox;
  store.addEphemeral({
    channel: invocation.channel.id,
    ts: store.nextTs(),
    user: invocation.userId,
    text: `${invocation.command} failed with the error "${code}"`,
    from: 'slack',
    source: 'slack',
  });
}
