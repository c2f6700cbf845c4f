import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createAuditLog } from '../../../src/audit/audit-log.js';
import { inTenant } from '../../../src/db/tenant-scope.js';
import type { ChatMessage, ChatPort } from '../../../src/lib/chat.js';
import { type Clock, fixedClock, systemClock } from '../../../src/lib/clock.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { createBackupService } from '../../../src/ops/backup/service.js';
import { createOpsReporter } from '../../../src/ops/reporter.js';
import type { BackupTarget } from '../../../src/ops/targets/target.js';
import type { TestDatabase } from '../../support/test-db.js';

export const KEY_A = 'a'.repeat(40);
export const KEY_B = 'b'.repeat(40);

/** What the product posted to the ops channel (the ChatPort is the product's own edge). */
export function recordingChat(): ChatPort & { posts: ChatMessage[] } {
  const posts: ChatMessage[] = [];
  return {
    posts,
    async post(message) {
      posts.push(message);
      return { channel: message.channel, ts: `${posts.length}.000100` };
    },
    async update() {},
    async postEphemeral() {},
    findPosted: async () => null,
  };
}

export function tempDir(name: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `rbc-ops-${name}-`));
}

/** Two workspaces with alerts and audit chains, written as the product writes them. */
export async function seed(t: TestDatabase, tenants = ['T0SEEDONE', 'T0SEEDTWO'], events = 5): Promise<void> {
  const owner = new pg.Client({ connectionString: t.ownerUrl });
  await owner.connect();
  try {
    for (const tenant of tenants) {
      await owner.query(`insert into workspaces (tenant_id, team_name) values ($1, $1) on conflict do nothing`, [
        tenant,
      ]);
      for (let i = 0; i < 3; i += 1) {
        await owner.query(
          `insert into alert_inbox (tenant_id, source, delivery_id, event_type, headers, raw_body, payload, status)
           values ($1, 'pagerduty', $2, 'incident.triggered', '{}', '{}', '{}', 'matched')`,
          [tenant, `${tenant}-${i}-${Math.random()}`],
        );
      }
    }
  } finally {
    await owner.end();
  }
  const audit = createAuditLog(t.db);
  for (const tenant of tenants) {
    for (let i = 0; i < events; i += 1) {
      await inTenant(t.db, tenant, (trx) =>
        audit.append(
          {
            tenantId: tenant,
            type: 'alert.received',
            actor: 'system:test',
            data: {
              source: 'pagerduty',
              deliveryId: `seed-${i}`,
              eventType: 'incident.triggered',
              title: `seed ${i}`,
              service: null,
            },
          },
          trx,
        ),
      );
    }
  }
}

export function backupServiceFor(
  t: TestDatabase,
  target: BackupTarget,
  options: {
    keys?: string[];
    chat?: ChatPort;
    clock?: Clock;
    keep?: { daily: number; weekly: number; monthly: number };
  } = {},
) {
  const logger = silentLogger();
  const reporter = createOpsReporter({
    db: t.db,
    audit: createAuditLog(t.db),
    chat: options.chat ?? null,
    channel: options.chat ? 'C0OPS000001' : null,
    logger,
  });
  return createBackupService({
    ownerUrl: t.ownerUrl,
    target,
    hmacKeys: options.keys ?? [KEY_A],
    workDir: tempDir('work'),
    clock: options.clock ?? systemClock,
    productVersion: 'test',
    reporter,
    keep: options.keep ?? { daily: 7, weekly: 4, monthly: 6 },
    logger,
  });
}

export { fixedClock };

/** The whole ops feature as the worker wires it, on this test's database, Redis prefix and target. */
export async function opsFor(
  t: TestDatabase,
  options: {
    dir: string;
    env?: Record<string, string>;
    chat?: ChatPort;
    clock?: Clock;
    probes?: { redis: () => Promise<void>; slack: () => Promise<void> };
    rehearsal?: boolean;
  },
) {
  const { loadConfig } = await import('../../../src/config.js');
  const { createRedis } = await import('../../../src/jobs/redis.js');
  const { createJobProducer } = await import('../../../src/jobs/producer.js');
  const { createQueuePort, createRedisOpsStore } = await import('../../../src/jobs/ops-adapters.js');
  const { createOps } = await import('../../../src/ops/index.js');
  const { createGovernance } = await import('../../../src/governance/mode.js');
  const { createDrillRehearsal } = await import('../../../src/app/drill-rehearsal.js');
  const { uniquePrefix } = await import('../../support/test-db.js');
  const { E2E_RUNBOOKS } = await import('../../support/e2e.js');
  const prefix = uniquePrefix();
  const config = loadConfig({
    DATABASE_URL: t.appUrl,
    MIGRATION_DATABASE_URL: t.ownerUrl,
    QUEUE_PREFIX: prefix,
    BACKUP_DIR: options.dir,
    BACKUP_WORK_DIR: tempDir('work'),
    BACKUP_HMAC_KEY: KEY_A,
    RUNBOOKS_DIR: E2E_RUNBOOKS,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const redis = createRedis(config.redis.url, 'plain');
  await redis.connect();
  const jobs = createJobProducer({ connection: redis, prefix });
  const audit = createAuditLog(t.db);
  const logger = silentLogger();
  const ops = createOps({
    config: config.ops,
    ownerUrl: t.ownerUrl,
    db: t.db,
    audit,
    chat: options.chat ?? null,
    channel: options.chat ? 'C0OPS000001' : null,
    clock: options.clock ?? systemClock,
    logger,
    productVersion: 'test',
    store: createRedisOpsStore(redis, prefix),
    queues: createQueuePort(jobs),
    probes: options.probes ?? { redis: async () => void (await redis.ping()), slack: async () => {} },
    governance: createGovernance({ db: t.db, audit, defaultMode: 'strict' }),
    rehearsal: options.rehearsal ? createDrillRehearsal(config, logger) : null,
  });
  return {
    ops,
    config,
    jobs,
    redis,
    async close() {
      await jobs.close();
      redis.disconnect();
    },
  };
}
