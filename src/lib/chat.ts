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
}

export interface ChatPort {
  post(message: ChatMessage): Promise<ChatMessageRef>;
  update(ref: ChatMessageRef, message: Omit<ChatMessage, 'channel' | 'threadTs'>): Promise<void>;
  postEphemeral(message: ChatMessage & { user: string }): Promise<void>;
}
