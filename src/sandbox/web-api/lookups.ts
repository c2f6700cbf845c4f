import type { SandboxStore } from '../store.js';
import type { ChannelRecord, SandboxMessage, SandboxUser } from '../types.js';
import { requiredString } from './args.js';
import { SlackApiError } from './errors.js';

/** Resolves `channel` (id, #name, or a user id meaning the bot's DM with that person). */
export function channelArg(store: SandboxStore, value: string | undefined): ChannelRecord {
  if (!value) throw new SlackApiError('channel_not_found');
  if (/^[UW][A-Z0-9]+$/.test(value) && store.users.has(value)) return store.imChannelFor(value);
  const channel = store.findChannel(value);
  if (!channel) throw new SlackApiError('channel_not_found');
  return channel;
}

/** The bot must be in a channel to post there (DMs with the bot always count). */
export function requireBotMember(store: SandboxStore, channel: ChannelRecord): void {
  if (!channel.members.has(store.options.botUserId)) throw new SlackApiError('not_in_channel');
}

export function userArg(store: SandboxStore, args: Record<string, unknown>, key = 'user'): SandboxUser {
  const id = requiredString(args, key);
  const user = store.users.get(id);
  if (!user) throw new SlackApiError('user_not_found');
  return user;
}

export function messageArg(store: SandboxStore, channel: ChannelRecord, ts: string | undefined): SandboxMessage {
  const message = ts ? store.findMessage(channel.id, ts) : undefined;
  if (!message) throw new SlackApiError('message_not_found');
  return message;
}
