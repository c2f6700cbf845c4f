import type { SandboxContext } from '../context.js';
import { SandboxDriverError } from '../driver-error.js';
import { applySlashCommandAck, showCommandError } from '../interactions/slash-command-ack.js';
import { slashCommandPayload } from '../payloads/slash-command.js';
import type { EnvelopeOutcome } from '../types.js';
import { requirePerson, requireVisibleChannel } from './people.js';

export interface SlashCommandInput {
  userId: string;
  channelId: string;
  command: string;
  text?: string;
}

/** Types a slash command; resolves after the ack (or Slack's 3 s timeout) with what happened. */
export async function slashCommand(sandbox: SandboxContext, input: SlashCommandInput): Promise<EnvelopeOutcome> {
  const { store } = sandbox;
  requirePerson(store, input.userId);
  const channel = requireVisibleChannel(store, input.userId, input.channelId);
  if (!sandbox.options.commands.includes(input.command)) {
    throw new SandboxDriverError(`${input.command} is not a valid command`);
  }
  const invocation = { userId: input.userId, channel, command: input.command, text: input.text ?? '' };
  const triggerId = sandbox.triggers.issue(input.userId);
  const responseUrl = sandbox.responseUrls.issue({
    kind: 'slash_command',
    channel: channel.id,
    userId: input.userId,
    command: input.command,
  });
  const payload = slashCommandPayload(store, { ...invocation, responseUrl, triggerId });
  const outcome = { ...(await sandbox.deliveries.deliver('slash_commands', payload)), triggerId, responseUrl };
  if (outcome.status === 'acked') {
    applySlashCommandAck(sandbox, invocation, outcome.ackPayload ?? {});
    return outcome;
  }
  const code = outcome.status === 'ack_timeout' ? 'operation_timeout' : 'dispatch_failed';
  showCommandError(sandbox, invocation, code);
  store.recordFailure({
    kind: outcome.status === 'ack_timeout' ? 'ack_timeout' : 'dispatch_failed',
    envelopeType: 'slash_commands',
    envelopeId: outcome.envelopeId,
    userId: input.userId,
    channelId: channel.id,
    description: `${input.command} failed with the error "${code}"`,
  });
  return outcome;
}
