import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { AlertIntake } from '../alerts/intake-service.js';
import { DomainError, isDomainError, newErrorId } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { registerPagerDutyRoute } from './pagerduty/route.js';
import { sendError, type WebhookMetrics } from './responses.js';
import { NO_SOURCE_SECRETS, type SourceSecrets } from './source-auth.js';
import { registerSourceRoute } from './source-route.js';
import { sourceRoutes } from './sources/index.js';

export type ReadinessCheck = () => Promise<void>;

export interface HttpServerDeps {
  logger: Logger;
  maxBodyBytes: number;
  intake: AlertIntake;
  pagerdutySecrets: () => readonly string[];
  /** Credentials of the other alert sources (Alertmanager, Grafana, Opsgenie, JSM, generic). */
  sourceSecrets?: () => SourceSecrets;
  tenantId: () => string;
  /** Named checks behind /readyz: each throws when its dependency is not usable. */
  readiness: Record<string, ReadinessCheck>;
  /**
   * The operations health checks (backups, drills, queues, disk, audit chain): shown by
   * /readyz and /metrics, never deciding readiness.
   */
  opsHealth?: () => Promise<OpsCheck[]>;
  /** Extra routes from other adapters (e.g. the runbook upload endpoint). */
  extraRoutes?: (app: FastifyInstance) => void;
}

export interface OpsCheck {
  name: string;
  ok: boolean;
  detail: string;
  value: number | null;
  checkedAt: string | null;
}

export interface HttpServer {
  app: FastifyInstance;
  registry: Registry;
  listen(host: string, port: number): Promise<string>;
  close(): Promise<void>;
}

export function createHttpServer(deps: HttpServerDeps): HttpServer {
  const app: FastifyInstance = Fastify({
    // Per-request lines (probes every few seconds) would drown the log; outcomes are metrics.
    loggerInstance: deps.logger.child({ component: 'http' }, { level: atLeastWarn(deps.logger) }) as FastifyBaseLogger,
    bodyLimit: deps.maxBodyBytes,
  });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics: WebhookMetrics = {
    received: new Counter({
      name: 'runbook_webhook_deliveries_total',
      help: 'Webhook deliveries by source and outcome',
      labelNames: ['source', 'outcome'],
      registers: [registry],
    }),
  };

  registerHealthMetrics(registry, deps);

  // Signatures are computed over the exact bytes received, so bodies stay raw Buffers.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'application/*+json'], { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );

  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    if (isDomainError(err)) return sendError(reply, err);
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      metrics.received.inc({ source: 'http', outcome: 'payload_too_large' });
      return sendError(reply, new DomainError('payload_too_large', `body exceeds ${deps.maxBodyBytes} bytes`));
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendError(reply, new DomainError('unsupported_media_type', 'send application/json'));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ error: 'invalid_input', message: err.message });
    }
    const errorId = newErrorId();
    deps.logger.error({ err, errorId }, 'http handler failed');
    return reply.code(500).send({
      error: 'internal',
      message: `internal error (error id ${errorId}); nothing was stored, retry later`,
    });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `no route for ${request.method} ${request.url}` }),
  );

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const results = await Promise.all(
      Object.entries(deps.readiness).map(async ([name, check]) => {
        try {
          await check();
          return [name, { ok: true }] as const;
        } catch (err) {
          return [name, { ok: false, error: err instanceof Error ? err.message : String(err) }] as const;
        }
      }),
    );
    const ready = results.every(([, r]) => r.ok);
    const ops = deps.opsHealth ? await deps.opsHealth().catch(() => []) : [];
    const informational = ops.map((c) => [
      c.name,
      { ok: c.ok, critical: false, detail: c.detail, checkedAt: c.checkedAt },
    ]);
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not_ready',
      checks: Object.fromEntries([...results, ...informational]),
    });
  });
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });

  registerPagerDutyRoute(app, {
    intake: deps.intake,
    secrets: deps.pagerdutySecrets,
    tenantId: deps.tenantId,
    metrics,
  });
  const secrets = deps.sourceSecrets ?? (() => NO_SOURCE_SECRETS);
  for (const spec of sourceRoutes(secrets, () => Math.floor(Date.now() / 1000))) {
    registerSourceRoute(app, spec, { intake: deps.intake, tenantId: deps.tenantId, metrics });
  }
  deps.extraRoutes?.(app);

  return {
    app,
    registry,
    async listen(host, port) {
      return app.listen({ host, port });
    },
    async close() {
      await app.close();
    },
  };
}

/** Gauges read at scrape time: the live probes and the ops checks, one series per check. */
function registerHealthMetrics(registry: Registry, deps: HttpServerDeps): void {
  // Both gauges are collected in one scrape: probe once per scrape, not once per gauge.
  let last: { at: number; value: ReturnType<typeof probe> } | null = null;
  const observe = () => {
    if (!last || Date.now() - last.at > 1000) last = { at: Date.now(), value: probe() };
    return last.value;
  };
  const probe = async () => {
    const live = await Promise.all(
      Object.entries(deps.readiness).map(async ([name, check]) => {
        const ok = await check().then(
          () => true,
          () => false,
        );
        return { name, ok, value: null as number | null };
      }),
    );
    const ops = deps.opsHealth ? await deps.opsHealth().catch(() => []) : [];
    return [...live.map((c) => ({ ...c, critical: true })), ...ops.map((c) => ({ ...c, critical: false }))];
  };
  new Gauge({
    name: 'runbook_health_check_ok',
    help: '1 when the health check passes, 0 when it fails (critical checks decide /readyz)',
    labelNames: ['check', 'critical'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const c of await observe()) this.set({ check: c.name, critical: String(c.critical) }, c.ok ? 1 : 0);
    },
  });
  new Gauge({
    name: 'runbook_health_check_value',
    help: 'The number behind a health check: seconds of lag or age, percent of disk free, failed jobs, audit events',
    labelNames: ['check'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const c of await observe()) if (c.value !== null) this.set({ check: c.name }, c.value);
    },
  });
}

function atLeastWarn(logger: Logger): string {
  return logger.levelVal > logger.levels.values.warn! ? logger.level : 'warn';
}
