import { sql } from 'kysely';
import { exposedChecks } from '../ops/health/exposure.js';
import { createSlackApp, type SlackApp } from '../slack/app.js';
import { registerRunbookUploadRoute } from '../webhooks/runbooks-route.js';
import { createHttpServer, type HttpServer } from '../webhooks/server.js';
import type { Runtime } from './runtime.js';

export interface WebTarget {
  botToken: string;
  appToken: string;
  apiUrl?: string | undefined;
  pagerdutySecrets: string[];
  http: { host: string; port: number };
  clientPingTimeoutMs?: number;
}

export interface WebComponent {
  slack: SlackApp;
  http: HttpServer;
  /** Where the HTTP server listens (webhooks, /healthz, /readyz, /metrics). */
  url: string;
  tenantId(): string;
  stop(): Promise<void>;
}

/** Past this, /readyz says the scheduled health round has stopped (the default cadence is a minute). */
const HEALTH_SNAPSHOT_STALE_MS = 5 * 60_000;

/** The `web` process: Bolt in Socket Mode plus the HTTP server. */
export async function startWeb(runtime: Runtime, target: WebTarget): Promise<WebComponent> {
  const slack = createSlackApp({
    botToken: target.botToken,
    appToken: target.appToken,
    apiUrl: target.apiUrl,
    logger: runtime.logger,
    clientPingTimeoutMs: target.clientPingTimeoutMs,
    services: {
      executions: runtime.executions,
      alerts: runtime.alerts,
      runbooks: runtime.runbooks,
      scan: runtime.scan,
      previewRunbook: runtime.previewRunbook,
      governance: runtime.governance,
      adminUserIds: runtime.config.slack.adminUserIds,
      digest: async (tenantId, period) =>
        (await runtime.ops.digest.build(tenantId, slack.identity().teamName ?? tenantId, period)).message,
    },
  });
  await slack.start();
  const identity = slack.identity();
  await runtime.governance.registerWorkspace(identity.teamId, identity.teamName, identity.botUserId);
  const tenantId = () => identity.teamId;

  const http = createHttpServer({
    logger: runtime.logger,
    maxBodyBytes: runtime.config.webhooks.maxBytes,
    intake: runtime.intake,
    pagerdutySecrets: () => target.pagerdutySecrets,
    tenantId,
    readiness: {
      postgres: async () => {
        await sql`select 1`.execute(runtime.db);
      },
      redis: async () => {
        await runtime.producerRedis.ping();
      },
      slack: async () => {
        if (!slack.isConnected()) throw new Error('the Socket Mode connection is not open');
      },
    },
    opsHealth: async () =>
      exposedChecks(await runtime.ops.health.snapshot(), new Date(), {
        liveNames: ['postgres', 'redis', 'slack'],
        staleAfterMs: HEALTH_SNAPSHOT_STALE_MS,
      }),
    extraRoutes: (app) =>
      registerRunbookUploadRoute(app, {
        runbooks: runtime.runbooks,
        tenantId,
        tokens: () => runtime.config.webhooks.runbookApiTokens,
      }),
  });
  const url = await http.listen(target.http.host, target.http.port);
  runtime.logger.info({ url }, 'http server listening');
  return {
    slack,
    http,
    url,
    tenantId,
    async stop() {
      await http.close();
      await slack.stop();
    },
  };
}
