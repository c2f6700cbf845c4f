import type { Logger } from '../lib/logger.js';

/** A JSON object as it travels over the wire. */
export type JsonObject = Record<string, unknown>;

export interface SandboxUser {
  id: string;
  /** Slack handle (`name` in users.info). */
  name: string;
  /** What Slack shows next to messages. Role-style in the defaults, never invented person names. */
  displayName: string;
  realName: string;
  title?: string;
  email?: string;
  isAdmin?: boolean;
  tz?: string;
  /** The workspace the person belongs to (Enterprise Grid); the sandbox's own team when absent. */
  teamId?: string;
  /** A person from another org (a Slack Connect guest): their payloads carry this org, or none (null). */
  enterpriseId?: string | null;
}

/** A Slack user group (subteam): `@handle`, its members. */
export interface SandboxUserGroup {
  id: string;
  handle: string;
  name: string;
  users: string[];
}

export interface SandboxChannel {
  id: string;
  name: string;
  isPrivate?: boolean;
  topic?: string;
  purpose?: string;
  /** User ids in the channel, the bot included when it is a member. Defaults to every user and the bot. */
  members?: string[];
}

/** A channel as the sandbox keeps it (public channels, private channels and the bot's DMs). */
export interface ChannelRecord {
  id: string;
  name: string;
  isPrivate: boolean;
  /** A direct-message channel between the bot and one person. */
  isIm: boolean;
  /** For DMs: the person on the other side. */
  imUser?: string;
  topic: string;
  purpose: string;
  members: Set<string>;
  created: number;
}

export type MessageSource = 'api' | 'person' | 'slash_command_ack' | 'response_url' | 'slack';

export interface Reaction {
  name: string;
  users: string[];
  count: number;
}

export interface SandboxMessage {
  channel: string;
  ts: string;
  /** Set on thread replies (the parent's ts) and on parents that have replies. */
  threadTs?: string;
  /** Author: a person's user id or the bot's user id. */
  user: string;
  /** Set when the app posted it. */
  botId?: string;
  text: string;
  blocks?: JsonObject[];
  metadata?: JsonObject;
  /** A thread reply that was also sent to the channel. */
  broadcast?: boolean;
  replyCount: number;
  replyUsers: string[];
  latestReply?: string;
  edited?: { user: string; ts: string };
  reactions: Reaction[];
  source: MessageSource;
}

export interface SandboxEphemeral {
  channel: string;
  /** Ephemeral messages get a ts too (`message_ts` in chat.postEphemeral). */
  ts: string;
  /** The only person who can see it. */
  user: string;
  threadTs?: string;
  text: string;
  blocks?: JsonObject[];
  /** Who sent it: the app, or Slack itself (e.g. "/runbook failed with the error operation_timeout"). */
  from: 'app' | 'slack';
  source: MessageSource;
}

export type ViewType = 'modal' | 'home';

export interface SandboxView {
  id: string;
  type: ViewType;
  userId: string;
  /** The view object as the app sent it (title, blocks, callback_id, private_metadata, …). */
  definition: JsonObject;
  hash: string;
  externalId?: string;
  rootViewId: string;
  previousViewId?: string;
  /** Field errors from `response_action: "errors"`, keyed by input block_id. */
  errors?: Record<string, string>;
  /** Set when the last submission could not be completed (ack timeout, bad ack): Slack shows a banner. */
  connectionError?: string;
}

export type TokenKind = 'bot' | 'app' | 'user' | 'unknown' | 'none';

export interface RecordedCall {
  method: string;
  args: JsonObject;
  tokenKind: TokenKind;
  /** Epoch ms. */
  at: number;
  status: number;
  response: JsonObject;
}

export type FailureKind =
  | 'ack_timeout'
  | 'dispatch_failed'
  | 'event_not_acked'
  | 'invalid_ack'
  | 'rate_limited'
  | 'update_rate'
  | 'response_url_error';

export interface SandboxFailure {
  kind: FailureKind;
  /** Epoch ms. */
  at: number;
  /** What the person would see, or what broke the product's promise. */
  description: string;
  envelopeType?: EnvelopeType;
  envelopeId?: string;
  userId?: string;
  channelId?: string;
  messageTs?: string;
  viewId?: string;
  method?: string;
  /** For ack timeouts: the ack arrived this late (ms after delivery), if it arrived at all. */
  lateAckMs?: number;
}

export interface SandboxStats {
  calls: Record<string, number>;
  rateLimited: number;
  updateViolations: number;
  ackTimeouts: number;
  envelopesDelivered: number;
  connections: number;
}

export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

export interface EnvelopeOutcome {
  envelopeId: string;
  type: EnvelopeType;
  /** `no_connection`: no app socket was connected (Slack: dispatch_failed). */
  status: 'acked' | 'ack_timeout' | 'no_connection';
  ackPayload?: JsonObject;
  /** Time from sending the envelope to receiving the ack. */
  ackMs?: number;
  /** The trigger_id handed to the app with this interaction, if any. */
  triggerId?: string;
  /** The response_url handed to the app with this interaction, if any. */
  responseUrl?: string;
}

export type SandboxChange =
  | { kind: 'message'; action: 'posted' | 'updated' | 'deleted'; channel: string; ts: string }
  | { kind: 'ephemeral'; user: string; channel: string; ts: string; action: 'posted' | 'updated' | 'deleted' }
  | { kind: 'view'; userId: string; viewId: string; action: 'opened' | 'updated' | 'pushed' | 'closed' }
  | { kind: 'home'; userId: string; viewId: string }
  | { kind: 'failure'; failure: SandboxFailure }
  | { kind: 'call'; method: string }
  | { kind: 'connection'; connections: number }
  | { kind: 'event'; delivery: SandboxEventDelivery };

/** One Events API envelope sent to the app (each retry is its own delivery), for the page. */
export interface SandboxEventDelivery {
  at: number;
  envelopeId: string;
  /** The inner event's type (app_mention, message, app_home_opened…). */
  eventType: string;
  eventId: string;
  channel: string | null;
  retryAttempt: number;
  retryReason: string;
  status: 'sent' | 'acked' | 'ack_timeout' | 'no_connection';
}

/** Event name → listener arguments of `sandbox.events`. `change` carries every kind. */
export interface SandboxEventMap {
  change: [SandboxChange];
  message: [Extract<SandboxChange, { kind: 'message' }>];
  ephemeral: [Extract<SandboxChange, { kind: 'ephemeral' }>];
  view: [Extract<SandboxChange, { kind: 'view' }>];
  home: [Extract<SandboxChange, { kind: 'home' }>];
  failure: [Extract<SandboxChange, { kind: 'failure' }>];
  call: [Extract<SandboxChange, { kind: 'call' }>];
  connection: [Extract<SandboxChange, { kind: 'connection' }>];
  event: [Extract<SandboxChange, { kind: 'event' }>];
}

export interface FireAlertResult {
  ok: boolean;
  detail: string;
}

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  teamId?: string;
  teamName?: string;
  /**
   * Enterprise Grid: the org the workspaces belong to. With it, the app is an org-wide
   * install (auth.test says so) and payloads carry the org and each person's own workspace.
   */
  enterprise?: { id: string; name: string };
  /** More workspaces of the org, for people whose `teamId` names them. */
  otherTeams?: Array<{ id: string; name: string }>;
  /** The bot's user id (auth.test user_id). */
  botUserId?: string;
  /** The bot's handle, shown in the page and matched by "@runbook" in the composer. */
  botName?: string;
  users?: SandboxUser[];
  /** User groups (usergroups.list / usergroups.users.list). */
  userGroups?: SandboxUserGroup[];
  channels?: SandboxChannel[];
  /** Slash commands the app registered (manifest); others are "not a valid command". */
  commands?: string[];
  /** Slack's 3 s budget for acking an envelope. */
  ackTimeoutMs?: number;
  /** How long a trigger_id can be exchanged for a view (Slack: about 3 s). */
  triggerTtlMs?: number;
  /** Delay before each events_api redelivery (Slack: roughly now, 1 min, 5 min). */
  eventRetryDelaysMs?: number[];
  rateLimit?: { postsPerChannelPerSecond: number };
  /** Cumulative text across a message's blocks above which Slack answers msg_blocks_too_long (undocumented). */
  maxBlocksTextLength?: number;
  /** Which human messages become `message` events (`thread_replies`: replies in channels the bot is in, and DMs). */
  messageEvents?: 'thread_replies' | 'all' | 'none';
  /** views.publish answers not_enabled when false (manifest `home_tab_enabled`). */
  homeTabEnabled?: boolean;
  /** Time the server waits after a `disconnect` frame before closing the socket itself. */
  disconnectGraceMs?: number;
  onFireSampleAlert?: () => Promise<FireAlertResult>;
  /**
   * Keep the conversation (messages, threads, DMs) in this JSON file, loaded at start and
   * written after each change, so the page survives a restart of the product. Unset: memory only.
   */
  conversationFile?: string;
  logger?: Logger;
}

/** Options after defaults were applied. */
export interface ResolvedSandboxOptions {
  port: number;
  host: string;
  teamId: string;
  teamName: string;
  teamDomain: string;
  enterprise: { id: string; name: string } | null;
  otherTeams: Array<{ id: string; name: string }>;
  botUserId: string;
  botId: string;
  botName: string;
  appId: string;
  users: SandboxUser[];
  userGroups: SandboxUserGroup[];
  channels: SandboxChannel[];
  commands: string[];
  ackTimeoutMs: number;
  triggerTtlMs: number;
  eventRetryDelaysMs: number[];
  postsPerChannelPerSecond: number;
  maxBlocksTextLength: number;
  messageEvents: 'thread_replies' | 'all' | 'none';
  homeTabEnabled: boolean;
  disconnectGraceMs: number;
  onFireSampleAlert?: () => Promise<FireAlertResult>;
  conversationFile?: string;
  logger: Logger;
}
