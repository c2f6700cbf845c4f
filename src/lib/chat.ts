import type { KnownBlock } from '@slack/types';

/**
 * What features may do in chat. The Slack adapter implements it (with per-channel rate
 * limiting); features never import Bolt or the Web API client.
 */
export interface ChatMessageRef {
  channel: string;
  ts: string;
}

export interface ChatMessage {
  channel: string;
  /** Fallback text for notifications and screen readers; always set. */
  text: string;
  blocks?: KnownBlock[];
  threadTs?: string;
  /**
   * An idempotency key carried as Slack message metadata: after a crash between posting
   * and recording the ts, `findPosted` finds the message instead of posting it twice.
   */
  postKey?: { eventType: string; key: string };
}

export interface FindPosted {
  channel: string;
  eventType: string;
  key: string;
  /** Look in this thread (conversations.replies); else the channel's history since `oldest`. */
  threadTs?: string;
  /** Unix seconds: only messages newer than this. */
  oldest?: number;
}

/** chat.update on a message that is gone (deleted by someone): the caller posts anew. */
export class MessageGoneError extends Error {
  constructor(readonly ref: ChatMessageRef) {
    super(`message ${ref.ts} in ${ref.channel} no longer exists`);
    this.name = 'MessageGoneError';
  }
}

export interface ChatPort {
  post(message: ChatMessage): Promise<ChatMessageRef>;
  /** A message this app posted with `postKey`, if Slack has it. */
  findPosted(query: FindPosted): Promise<ChatMessageRef | null>;
  update(ref: ChatMessageRef, message: Omit<ChatMessage, 'channel' | 'threadTs'>): Promise<void>;
  postEphemeral(message: ChatMessage & { user: string }): Promise<void>;
}
