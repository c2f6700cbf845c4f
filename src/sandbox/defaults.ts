import { silentLogger } from '../lib/logger.js';
import type { ResolvedSandboxOptions, SandboxChannel, SandboxOptions, SandboxUser, SandboxUserGroup } from './types.js';

/** Role-style people, enough to exercise a second-person approval and a read-only viewer. */
export const DEFAULT_USERS: readonly SandboxUser[] = [
  {
    id: 'U0ONCALL01',
    name: 'oncall.engineer',
    displayName: 'On-call Engineer',
    realName: 'On-call Engineer',
    title: 'Primary on-call',
    email: 'oncall@sandbox.example',
    tz: 'UTC',
  },
  {
    id: 'U0RESPOND2',
    name: 'second.responder',
    displayName: 'Second Responder',
    realName: 'Second Responder',
    title: 'Secondary on-call',
    email: 'responder@sandbox.example',
    tz: 'UTC',
  },
  {
    id: 'U0SREMGR03',
    name: 'sre.manager',
    displayName: 'SRE Manager',
    realName: 'SRE Manager',
    title: 'SRE manager',
    email: 'sre-manager@sandbox.example',
    isAdmin: true,
    tz: 'UTC',
  },
  {
    id: 'U0VIEWER04',
    name: 'viewer',
    displayName: 'Viewer',
    realName: 'Viewer',
    title: 'Stakeholder (read-only)',
    email: 'viewer@sandbox.example',
    tz: 'UTC',
  },
];

/**
 * The user groups the shipped runbooks name as approvers, so their 🟡/🔴 steps can be
 * approved in the sandbox: the two on-call people are the leads.
 */
export const DEFAULT_USER_GROUPS: readonly SandboxUserGroup[] = [
  { id: 'S0SREONCALL', handle: 'sre-oncall-leads', name: 'SRE on-call leads', users: ['U0ONCALL01', 'U0RESPOND2'] },
  { id: 'S0DBAONCALL', handle: 'dba-oncall-leads', name: 'DBA on-call leads', users: ['U0ONCALL01', 'U0RESPOND2'] },
];

export const DEFAULT_CHANNELS: readonly SandboxChannel[] = [
  { id: 'C0INCIDENTS', name: 'incidents', topic: 'Live incidents', purpose: 'Where alerts and runbooks land' },
  { id: 'C0GENERAL01', name: 'general', topic: '', purpose: 'Company-wide' },
  { id: 'C0OPS000001', name: 'ops', topic: '', purpose: 'Operations chatter' },
];

export function resolveOptions(options: SandboxOptions = {}): ResolvedSandboxOptions {
  const teamName = options.teamName ?? 'Runbook Sandbox';
  const botUserId = options.botUserId ?? 'U0RUNBOOKBOT';
  const users = options.users ?? DEFAULT_USERS.map((u) => ({ ...u }));
  const channels = (options.channels ?? DEFAULT_CHANNELS).map((c) => ({
    ...c,
    members: c.members ?? [...users.map((u) => u.id), botUserId],
  }));
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    teamId: options.teamId ?? 'T0SANDBOX',
    teamName,
    teamDomain: teamName.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    enterprise: options.enterprise ?? null,
    otherTeams: options.otherTeams ?? [],
    botUserId,
    botId: 'B0SANDBOX',
    botName: options.botName ?? 'runbook',
    appId: 'A0SANDBOX',
    users,
    userGroups: (options.userGroups ?? DEFAULT_USER_GROUPS).map((g) => ({ ...g, users: [...g.users] })),
    channels,
    commands: options.commands ?? ['/runbook'],
    ackTimeoutMs: options.ackTimeoutMs ?? 3000,
    triggerTtlMs: options.triggerTtlMs ?? 3000,
    eventRetryDelaysMs: options.eventRetryDelaysMs ?? [0, 60_000, 300_000],
    postsPerChannelPerSecond: options.rateLimit?.postsPerChannelPerSecond ?? 1,
    maxBlocksTextLength: options.maxBlocksTextLength ?? 12_000,
    messageEvents: options.messageEvents ?? 'thread_replies',
    homeTabEnabled: options.homeTabEnabled ?? true,
    disconnectGraceMs: options.disconnectGraceMs ?? 1000,
    ...(options.onFireSampleAlert ? { onFireSampleAlert: options.onFireSampleAlert } : {}),
    ...(options.conversationFile ? { conversationFile: options.conversationFile } : {}),
    logger: options.logger ?? silentLogger(),
  };
}
