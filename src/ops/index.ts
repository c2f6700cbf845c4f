import pg from 'pg';
import type { AuditLog } from '../audit/audit-log.js';
import type { OpsConfig } from '../config-ops.js';
import type { Db } from '../db/database.js';
import type { ChatPort } from '../lib/chat.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { listDrills } from './backup/catalog.js';
import { createBackupService } from './backup/service.js';
import { buildDigest, type DigestPeriod } from './digest/build-digest.js';
import { runDrill } from './drills/run-drill.js';
import { type HealthResult, runHealthChecks } from './health/checks.js';
import { readSnapshot, recordHealthRound } from './health/monitor.js';
import type { DrillRehearsal, OpsStore, Probe, QueuePort } from './ports.js';
import { createOpsReporter } from './reporter.js';
import { evaluateSlos, runSloGuard, type SloDeps } from './slo/guard.js';
import { targetFromConfig, workDirFor } from './targets/index.js';
import type { BackupTarget } from './targets/target.js';
import type { DrillKind } from './types.js';

export interface OpsDeps {
  config: OpsConfig;
  /** The owner connection: pg_dump, scratch restores, whole-database reads. */
  ownerUrl: string;
  /** The application's connection: audit appends and per-tenant reads (inTenant). */
  db: Db;
  audit: AuditLog;
  chat: ChatPort | null;
  channel: string | null;
  clock: Clock;
  logger: Logger;
  productVersion: string;
  store: OpsStore;
  queues: QueuePort;
  probes: { redis: Probe; slack: Probe };
  governance: SloDeps['governance'];
  rehearsal: DrillRehearsal | null;
  /** Tests pass their own (e.g. a bucket on an S3 test server); default from config. */
  target?: BackupTarget;
}

/** The operations feature: backups, restore checks, drills, health, SLO guard and digests. */
export function createOps(deps: OpsDeps) {
  const target = deps.target ?? targetFromConfig(deps.config.backup);
  const keys = deps.config.backup.hmacKeys;
  const reporter = createOpsReporter({
    db: deps.db,
    audit: deps.audit,
    chat: deps.chat,
    channel: deps.channel,
    logger: deps.logger,
  });
  const backups = createBackupService({
    ownerUrl: deps.ownerUrl,
    target,
    hmacKeys: keys,
    workDir: workDirFor(deps.config.backup),
    clock: deps.clock,
    productVersion: deps.productVersion,
    reporter,
    keep: deps.config.backup.keep,
    logger: deps.logger,
  });
  const drills = () => listDrills(target, keys);
  const catalogue = {
    configured: keys.length > 0,
    keys,
    localPath: target.localPath,
    entries: backups.entries,
    drills,
  };
  const tenants = () => listTenants(deps.ownerUrl);
  const slo: SloDeps = { ...deps, tenants, reporter, settings: deps.config.slo };
  const healthDeps = { ...deps, backups: catalogue, thresholds: deps.config.health };
  const digestDeps = {
    db: deps.db,
    clock: deps.clock,
    slo,
    backups: catalogue,
    snapshot: () => readSnapshot(deps.store),
  };

  return {
    target,
    reporter,
    backups,
    drill: (kind: DrillKind, actor: string) =>
      runDrill(
        { backups, target, hmacKeys: keys, reporter, clock: deps.clock, rehearsal: deps.rehearsal },
        kind,
        actor,
      ),
    drills,
    health: {
      check: (): Promise<HealthResult[]> => runHealthChecks(healthDeps),
      async run() {
        const results = await runHealthChecks(healthDeps);
        await recordHealthRound(
          { store: deps.store, reporter, clock: deps.clock, settings: deps.config.health },
          results,
        );
        return results;
      },
      snapshot: () => readSnapshot(deps.store),
    },
    slo: { evaluate: (tenantId?: string) => evaluateSlos(slo, tenantId), guard: () => runSloGuard(slo) },
    digest: {
      build: (tenantId: string, workspace: string, period: DigestPeriod) =>
        buildDigest(digestDeps, tenantId, workspace, period),
      /** The scheduled digest: one message per workspace in the ops channel. */
      async post(period: DigestPeriod) {
        for (const { tenantId, name } of await listWorkspaces(deps.ownerUrl)) {
          const { message } = await buildDigest(digestDeps, tenantId, name ?? tenantId, period);
          await reporter.post(message);
          await reporter.audit({ type: 'ops.digest_posted', actor: 'system:ops-schedule', data: { tenantId, period } });
        }
      },
    },
  };
}

export type Ops = ReturnType<typeof createOps>;

/** Every workspace, across tenants: whole-database work, so through the owner connection. */
async function listWorkspaces(ownerUrl: string): Promise<Array<{ tenantId: string; name: string | null }>> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'runbook-copilot-ops' });
  await client.connect();
  try {
    const r = await client.query<{ tenant_id: string; team_name: string | null }>(
      'select tenant_id, team_name from workspaces order by tenant_id',
    );
    return r.rows.map((w) => ({ tenantId: w.tenant_id, name: w.team_name }));
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function listTenants(ownerUrl: string): Promise<string[]> {
  return (await listWorkspaces(ownerUrl)).map((w) => w.tenantId);
}

export type { DigestPeriod, DrillKind };
