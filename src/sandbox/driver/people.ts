import { SandboxDriverError } from '../driver-error.js';
import type { SandboxStore } from '../store.js';
import type { ChannelRecord, SandboxUser, SandboxView } from '../types.js';

export function requirePerson(store: SandboxStore, userId: string): SandboxUser {
  const user = store.users.get(userId);
  if (!user) throw new SandboxDriverError(`no person ${userId} in the sandbox workspace`);
  return user;
}

/** A person can act in channels they belong to (or public ones they can open). */
export function requireVisibleChannel(store: SandboxStore, userId: string, channelId: string): ChannelRecord {
  const channel = store.findChannel(channelId);
  if (!channel) throw new SandboxDriverError(`no channel ${channelId} in the sandbox workspace`);
  if (!channel.members.has(userId) && (channel.isPrivate || channel.isIm)) {
    throw new SandboxDriverError(`${userId} is not in ${channel.id} and cannot see it`);
  }
  return channel;
}

/** Posting needs membership, as in Slack (the client asks you to join first). */
export function requireMember(store: SandboxStore, userId: string, channelId: string): ChannelRecord {
  const channel = requireVisibleChannel(store, userId, channelId);
  if (!channel.members.has(userId)) throw new SandboxDriverError(`${userId} is not a member of #${channel.name}`);
  return channel;
}

/** Only the top view of a modal stack (or the person's own home tab) is on screen. */
export function requireViewOnScreen(store: SandboxStore, userId: string, viewId: string): SandboxView {
  const view = store.findView(viewId);
  if (!view || view.userId !== userId) throw new SandboxDriverError(`view ${viewId} is not open for ${userId}`);
  if (view.type === 'modal') {
    const stack = store.modalStack(userId);
    if (stack[stack.length - 1] !== view) throw new SandboxDriverError(`view ${viewId} is covered by a pushed view`);
  }
  return view;
}
