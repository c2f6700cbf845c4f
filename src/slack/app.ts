import { type App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../lib/logger.js';
import { boltLogger } from './bolt-logger.js';
import { registerBranchChoice } from './listeners/actions/branch-choice.js';
import { registerCopilotButtons } from './listeners/actions/copilot-buttons.js';
import { registerGovernanceConfirm } from './listeners/actions/governance-confirm.js';
import { registerOpenIncident } from './listeners/actions/open-incident.js';
import { registerStartRun } from './listeners/actions/start-run.js';
import { registerStepButtons } from './listeners/actions/step-buttons.js';
import { registerRunbookCommand } from './listeners/commands/runbook-command.js';
import type { ListenerContext, SlackServices } from './listeners/context.js';
import { registerAppHome } from './listeners/events/app-home.js';
import { copilotEventIntake } from './listeners/events/copilot-messages.js';
import { registerSubteamEvents } from './listeners/events/subteams.js';
import { registerGrantRole } from './listeners/views/grant-role.js';
import { openNewRunbookModal, registerNewRunbookModal } from './listeners/views/new-runbook.js';
import { registerStepModals } from './listeners/views/step-modals.js';
import { StoreFirstApp } from './store-first-app.js';

export interface SlackAppOptions {
  botToken: string;
  appToken: string;
  /** Set to the sandbox's API URL (or a proxy); absent for real Slack. */
  apiUrl?: string | undefined;
  logger: Logger;
  services: SlackServices;
  /** Shorter pings make reconnects quick in tests; Slack's default otherwise. */
  clientPingTimeoutMs?: number;
  /** Runs after auth.test and before the socket opens: the install's workspace is known before any payload. */
  beforeConnect?: (identity: SlackIdentity) => Promise<void>;
}

export interface SlackIdentity {
  teamId: string;
  enterpriseId: string | null;
  teamName: string | null;
  botUserId: string | null;
}

export interface SlackApp {
  app: App;
  client: WebClient;
  start(): Promise<void>;
  stop(): Promise<void>;
  isConnected(): boolean;
  /** Team, org and bot identity from auth.test; available after start(). */
  identity(): SlackIdentity;
}

/** Every listener, each registered once; returns what stops their timers (the Home refresher). */
export function registerListeners(ctx: ListenerContext): () => Promise<void> {
  registerRunbookCommand(ctx, openNewRunbookModal);
  registerStartRun(ctx);
  registerOpenIncident(ctx);
  registerBranchChoice(ctx);
  registerStepButtons(ctx);
  registerStepModals(ctx);
  registerNewRunbookModal(ctx);
  registerGovernanceConfirm(ctx);
  registerGrantRole(ctx);
  const stopHome = registerAppHome(ctx);
  registerSubteamEvents(ctx);
  registerCopilotButtons(ctx);
  return stopHome;
}

/** The Bolt app in Socket Mode. One option (`apiUrl`) points both the Web API and the socket at the sandbox. */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const logger = boltLogger(options.logger);
  const clientOptions = options.apiUrl
    ? { slackApiUrl: options.apiUrl, retryConfig: { retries: 3, factor: 1.5, minTimeout: 200, maxTimeout: 2000 } }
    : {};
  const receiver = new SocketModeReceiver({
    appToken: options.appToken,
    logger,
    logLevel: LogLevel.INFO,
    installerOptions: { clientOptions },
    ...(options.clientPingTimeoutMs ? { clientPingTimeout: options.clientPingTimeoutMs } : {}),
  });
  const app = new StoreFirstApp({ token: options.botToken, receiver, logger, clientOptions });
  let connected = false;
  const socket = (receiver as unknown as { client: import('node:events').EventEmitter }).client;
  socket.on('connected', () => {
    connected = true;
  });
  socket.on('disconnected', () => {
    connected = false;
  });
  socket.on('reconnecting', () => {
    connected = false;
  });

  const ctx = { app, services: options.services, logger: options.logger };
  const stopListeners = registerListeners(ctx);
  // Copilot messages are stored before their envelope is acked (a lost store is redelivered).
  app.storeEventsWith(copilotEventIntake(ctx));
  app.error(async (err) => {
    options.logger.error({ err }, 'unhandled error in a Slack listener');
  });

  let identity: SlackIdentity = { teamId: '', enterpriseId: null, teamName: null, botUserId: null };
  return {
    app,
    client: app.client,
    async start() {
      const auth = await app.client.auth.test();
      identity = {
        teamId: auth.team_id ?? '',
        enterpriseId: auth.enterprise_id ?? null,
        teamName: auth.team ?? null,
        botUserId: auth.user_id ?? null,
      };
      await options.beforeConnect?.(identity);
      await app.start();
    },
    async stop() {
      await stopListeners();
      await app.stop();
    },
    isConnected: () => connected,
    identity: () => identity,
  };
}
