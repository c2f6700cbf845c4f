import { sql } from 'kysely';
import { createHomeService } from '../home/home-service.js';
import { exposedChecks } from '../ops/health/exposure.js';
import { createSlackApp, type SlackApp } from '../slack/app.js';
import { createHomeRoundLock } from '../slack/home-round-lock.js';
import { createHomeWatchList } from '../slack/home-watch-list.js';
import { createTenantGuard } from '../slack/tenant-guard.js';
import { registerAdminRoutes } from '../webhooks/admin-route.js';
import { registerRunbookUploadRoute } from '../webhooks/runbooks-route.js';
import { createHttpServer, type HttpServer } from '../webhooks/server.js';
import type { Runtime } from './runtime.js';
import { sourceSecrets } from './webhook-secrets.js';

export interface WebTarget {
  botToken: string;
  appToken: string;
  apiUrl?: string | undefined;
  pagerdutySecrets: string[];
  http: { host: string; port: number };
  clientPingTimeoutMs?: number;
  /** Called once the install's workspace is recorded (the sandbox seeds its demo roles here). */
  onWorkspace?: (tenantId: string) => Promise<void>;
}

/** The install's incident channel, unless this workspace already has one recorded. */
async function installChannel(runtime: Runtime, tenantId: string): Promise<string> {
  return runtime.incidentChannelFor(tenantId);
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
  let installEnterpriseId: string | null = null;
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
      admin: runtime.admin,
      panic: runtime.panic,
      authz: runtime.authz,
      directory: runtime.directory,
      copilot: runtime.copilot,
      home: createHomeService({ db: runtime.db, authz: runtime.authz }),
      // Shared by every web process (same Redis, same queue prefix): one watch list, one publish budget.
      homeRefresh: {
        watchList: createHomeWatchList(runtime.producerRedis, runtime.config.redis.queuePrefix),
        roundLock: createHomeRoundLock(runtime.producerRedis, runtime.config.redis.queuePrefix),
      },
      tenants: createTenantGuard({ governance: runtime.governance, installEnterpriseId: () => installEnterpriseId }),
      digest: async (tenantId, period) =>
        (
          await runtime.ops.digest.build(
            tenantId,
            (await runtime.governance.workspace(tenantId))?.teamName ?? tenantId,
            period,
          )
        ).message,
    },
    // The install's own workspace is recorded before the socket opens, so no payload finds it unknown.
    beforeConnect: async (identity) => {
      installEnterpriseId = identity.enterpriseId;
      await runtime.governance.registerWorkspace({
        tenantId: identity.teamId,
        enterpriseId: identity.enterpriseId,
        teamName: identity.teamName,
        botUserId: identity.botUserId,
        incidentChannel: await installChannel(runtime, identity.teamId),
      });
      await target.onWorkspace?.(identity.teamId);
    },
  });
  await slack.start();
  const identity = slack.identity();
  const tenantId = () => identity.teamId;

  const http = createHttpServer({
    logger: runtime.logger,
    maxBodyBytes: runtime.config.webhooks.maxBytes,
    intake: runtime.intake,
    pagerdutySecrets: () => target.pagerdutySecrets,
    sourceSecrets: () => sourceSecrets(runtime.config),
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
    extraRoutes: (app) => {
      registerRunbookUploadRoute(app, {
        runbooks: runtime.runbooks,
        tenantId,
        tokens: () => runtime.config.webhooks.runbookApiTokens,
      });
      registerAdminRoutes(app, { panic: runtime.panic, tokens: () => runtime.config.webhooks.adminApiTokens });
    },
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
