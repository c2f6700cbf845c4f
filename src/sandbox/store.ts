import { EventEmitter } from 'node:events';
import { createTsClock } from './ids.js';
import type {
  ChannelRecord,
  FailureKind,
  RecordedCall,
  ResolvedSandboxOptions,
  SandboxChange,
  SandboxEphemeral,
  SandboxEventDelivery,
  SandboxEventMap,
  SandboxFailure,
  SandboxMessage,
  SandboxUser,
  SandboxView,
} from './types.js';

/** Caps so a long-running `start` session does not grow without bound. */
const MAX_RECORDED_CALLS = 5000;
const MAX_RECORDED_FAILURES = 1000;

/**
 * The workspace's state: people, channels, messages, ephemerals, open views, and what the app
 * did (calls, failures). Data only; the Web API methods and the driver decide what changes.
 * Every change is announced on `events` so waiters and the web page can react at once.
 */
export class SandboxStore {
  readonly events = new EventEmitter<SandboxEventMap>();
  readonly users = new Map<string, SandboxUser>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly ephemerals: SandboxEphemeral[] = [];
  readonly viewStacks = new Map<string, SandboxView[]>();
  readonly homeViews = new Map<string, SandboxView>();
  readonly calls: RecordedCall[] = [];
  readonly failures: SandboxFailure[] = [];
  /** Recent Events API deliveries (app_mention, message…, with retries), newest last. */
  readonly eventDeliveries: SandboxEventDelivery[] = [];
  readonly counters = { rateLimited: 0, updateViolations: 0, ackTimeouts: 0, envelopesDelivered: 0 };
  readonly callCounts: Record<string, number> = {};
  connections = 0;
  readonly nextTs = createTsClock();
  private readonly messagesByChannel = new Map<string, SandboxMessage[]>();

  constructor(readonly options: ResolvedSandboxOptions) {
    this.events.setMaxListeners(0);
    for (const user of options.users) this.users.set(user.id, user);
    const created = Math.floor(Date.now() / 1000);
    for (const channel of options.channels) {
      this.channels.set(channel.id, {
        id: channel.id,
        name: channel.name,
        isPrivate: channel.isPrivate ?? false,
        isIm: false,
        topic: channel.topic ?? '',
        purpose: channel.purpose ?? '',
        members: new Set(channel.members ?? []),
        created,
      });
    }
  }

  recordEventDelivery(delivery: SandboxEventDelivery): void {
    this.eventDeliveries.push(delivery);
    if (this.eventDeliveries.length > 200) this.eventDeliveries.shift();
    this.emit({ kind: 'event', delivery });
  }

  emit(change: SandboxChange): void {
    // The map's tuple types cannot be indexed by a union key; the kind always names a matching event.
    (this.events.emit as (name: string, payload: SandboxChange) => boolean)(change.kind, change);
    this.events.emit('change', change);
  }

  // ── people and channels ──────────────────────────────────────────────

  isBot(userId: string): boolean {
    return userId === this.options.botUserId;
  }

  /** Accepts a channel id, "#name" or "name" (chat.postMessage accepts names too). */
  findChannel(idOrName: string): ChannelRecord | undefined {
    const direct = this.channels.get(idOrName);
    if (direct) return direct;
    const name = idOrName.replace(/^#/, '');
    for (const channel of this.channels.values()) if (!channel.isIm && channel.name === name) return channel;
    return undefined;
  }

  /** The bot's DM with a person, created on first use like conversations.open does. */
  imChannelFor(userId: string): ChannelRecord {
    const id = `D${userId.replace(/^[UW]/, '')}`;
    let channel = this.channels.get(id);
    if (!channel) {
      channel = {
        id,
        name: userId,
        isPrivate: true,
        isIm: true,
        imUser: userId,
        topic: '',
        purpose: '',
        members: new Set([userId, this.options.botUserId]),
        created: Math.floor(Date.now() / 1000),
      };
      this.channels.set(id, channel);
    }
    return channel;
  }

  // ── messages ─────────────────────────────────────────────────────────

  addMessage(message: SandboxMessage): SandboxMessage {
    const list = this.messagesByChannel.get(message.channel) ?? [];
    list.push(message);
    this.messagesByChannel.set(message.channel, list);
    if (message.threadTs && message.threadTs !== message.ts) {
      const parent = this.findMessage(message.channel, message.threadTs);
      if (parent) {
        parent.threadTs = parent.ts;
        parent.replyCount += 1;
        if (!parent.replyUsers.includes(message.user)) parent.replyUsers.push(message.user);
        parent.latestReply = message.ts;
        this.emit({ kind: 'message', action: 'updated', channel: parent.channel, ts: parent.ts });
      }
    }
    this.emit({ kind: 'message', action: 'posted', channel: message.channel, ts: message.ts });
    return message;
  }

  /** Every message of every channel (the conversation file keeps them across restarts). */
  everyMessage(): SandboxMessage[] {
    return [...this.messagesByChannel.values()].flat();
  }

  /** Puts back messages kept from an earlier run, quietly (nothing new happened). */
  restoreMessages(messages: SandboxMessage[]): void {
    for (const message of messages) {
      const list = this.messagesByChannel.get(message.channel) ?? [];
      list.push(message);
      this.messagesByChannel.set(message.channel, list);
    }
  }

  findMessage(channel: string, ts: string): SandboxMessage | undefined {
    return this.messagesByChannel.get(channel)?.find((m) => m.ts === ts);
  }

  allMessages(channel: string): SandboxMessage[] {
    return this.messagesByChannel.get(channel) ?? [];
  }

  /** Top-level messages (and broadcast replies), or a whole thread (parent first) when threadTs is given. */
  listMessages(channel: string, threadTs?: string): SandboxMessage[] {
    const all = this.allMessages(channel);
    if (threadTs) return all.filter((m) => m.ts === threadTs || m.threadTs === threadTs);
    return all.filter((m) => !m.threadTs || m.threadTs === m.ts || m.broadcast);
  }

  touchMessage(message: SandboxMessage): void {
    this.emit({ kind: 'message', action: 'updated', channel: message.channel, ts: message.ts });
  }

  /** Slack keeps a placeholder for a deleted parent that still has replies. */
  deleteMessage(message: SandboxMessage): void {
    const list = this.allMessages(message.channel);
    if (message.replyCount > 0) {
      message.text = 'This message was deleted.';
      delete message.blocks;
      this.touchMessage(message);
      return;
    }
    const index = list.indexOf(message);
    if (index >= 0) list.splice(index, 1);
    if (message.threadTs && message.threadTs !== message.ts) {
      const parent = this.findMessage(message.channel, message.threadTs);
      if (parent) {
        parent.replyCount = Math.max(0, parent.replyCount - 1);
        this.touchMessage(parent);
      }
    }
    this.emit({ kind: 'message', action: 'deleted', channel: message.channel, ts: message.ts });
  }

  // ── ephemerals ───────────────────────────────────────────────────────

  addEphemeral(ephemeral: SandboxEphemeral): SandboxEphemeral {
    this.ephemerals.push(ephemeral);
    this.emit({
      kind: 'ephemeral',
      action: 'posted',
      user: ephemeral.user,
      channel: ephemeral.channel,
      ts: ephemeral.ts,
    });
    return ephemeral;
  }

  findEphemeral(user: string, ts: string): SandboxEphemeral | undefined {
    return this.ephemerals.find((e) => e.user === user && e.ts === ts);
  }

  replaceEphemeral(ephemeral: SandboxEphemeral, text: string, blocks: SandboxEphemeral['blocks']): void {
    ephemeral.text = text;
    if (blocks) ephemeral.blocks = blocks;
    else delete ephemeral.blocks;
    this.emit({
      kind: 'ephemeral',
      action: 'updated',
      user: ephemeral.user,
      channel: ephemeral.channel,
      ts: ephemeral.ts,
    });
  }

  deleteEphemeral(ephemeral: SandboxEphemeral): void {
    const index = this.ephemerals.indexOf(ephemeral);
    if (index >= 0) this.ephemerals.splice(index, 1);
    this.emit({
      kind: 'ephemeral',
      action: 'deleted',
      user: ephemeral.user,
      channel: ephemeral.channel,
      ts: ephemeral.ts,
    });
  }

  // ── views ────────────────────────────────────────────────────────────

  modalStack(userId: string): SandboxView[] {
    return this.viewStacks.get(userId) ?? [];
  }

  findView(viewId: string): SandboxView | undefined {
    for (const stack of this.viewStacks.values()) {
      const found = stack.find((v) => v.id === viewId);
      if (found) return found;
    }
    for (const home of this.homeViews.values()) if (home.id === viewId) return home;
    return undefined;
  }

  findViewByExternalId(externalId: string): SandboxView | undefined {
    for (const stack of this.viewStacks.values()) {
      const found = stack.find((v) => v.externalId === externalId);
      if (found) return found;
    }
    for (const home of this.homeViews.values()) if (home.externalId === externalId) return home;
    return undefined;
  }

  openModal(view: SandboxView): void {
    this.viewStacks.set(view.userId, [view]);
    this.emit({ kind: 'view', action: 'opened', userId: view.userId, viewId: view.id });
  }

  pushModal(view: SandboxView): void {
    const stack = this.modalStack(view.userId);
    this.viewStacks.set(view.userId, [...stack, view]);
    this.emit({ kind: 'view', action: 'pushed', userId: view.userId, viewId: view.id });
  }

  viewChanged(view: SandboxView): void {
    if (view.type === 'home') this.emit({ kind: 'home', userId: view.userId, viewId: view.id });
    else this.emit({ kind: 'view', action: 'updated', userId: view.userId, viewId: view.id });
  }

  /** Closes the given view and every view pushed above it. */
  closeModal(view: SandboxView): void {
    const stack = this.modalStack(view.userId);
    const index = stack.indexOf(view);
    if (index < 0) return;
    this.viewStacks.set(view.userId, stack.slice(0, index));
    this.emit({ kind: 'view', action: 'closed', userId: view.userId, viewId: view.id });
  }

  clearModals(userId: string): void {
    const stack = this.modalStack(userId);
    this.viewStacks.set(userId, []);
    for (const view of stack) this.emit({ kind: 'view', action: 'closed', userId, viewId: view.id });
  }

  setHome(view: SandboxView): void {
    this.homeViews.set(view.userId, view);
    this.emit({ kind: 'home', userId: view.userId, viewId: view.id });
  }

  // ── what the app did ─────────────────────────────────────────────────

  recordCall(call: RecordedCall): void {
    this.calls.push(call);
    if (this.calls.length > MAX_RECORDED_CALLS) this.calls.shift();
    this.callCounts[call.method] = (this.callCounts[call.method] ?? 0) + 1;
    this.emit({ kind: 'call', method: call.method });
  }

  recordFailure(failure: Omit<SandboxFailure, 'at'> & { kind: FailureKind }): SandboxFailure {
    const recorded: SandboxFailure = { at: Date.now(), ...failure };
    this.failures.push(recorded);
    if (this.failures.length > MAX_RECORDED_FAILURES) this.failures.shift();
    this.options.logger.warn({ failure: recorded }, `slack sandbox: ${recorded.description}`);
    this.emit({ kind: 'failure', failure: recorded });
    return recorded;
  }
}
