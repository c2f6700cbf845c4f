import { readFileSync } from 'node:fs';
import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import type { AuditLog } from '../audit/audit-log.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Governance } from '../governance/mode.js';
import { createQueuePort, createRedisOpsStore } from '../jobs/ops-adapters.js';
import type { JobProducer } from '../jobs/producer.js';
import type { ChatPort } from '../lib/chat.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { createOps, type Ops } from '../ops/index.js';
import type { DrillRehearsal, Probe } from '../ops/ports.js';

/** The operations feature wired to this process's connections. */
export function wireOps(parts: {
  config: Config;
  logger: Logger;
  db: Db;
  audit: AuditLog;
  jobs: JobProducer;
  redis: Redis;
  chat: ChatPort | null;
  slackClient: WebClient | null;
  opsChannel: () => string | undefined;
  governance: Governance;
  clock: Clock;
  rehearsal: DrillRehearsal | null;
  /** The web process knows its Socket Mode connection; elsewhere Slack is asked (auth.test). */
  slackProbe?: Probe;
}): Ops {
  const { config } = parts;
  return createOps({
    config: config.ops,
    ownerUrl: config.database.migrationUrl,
    db: parts.db,
    audit: parts.audit,
    chat: parts.chat,
    channel: parts.opsChannel() ?? null,
    clock: parts.clock,
    logger: parts.logger.child({ component: 'ops' }),
    productVersion: PRODUCT_VERSION,
    store: createRedisOpsStore(parts.redis, config.redis.queuePrefix),
    queues: createQueuePort(parts.jobs),
    probes: {
      redis: async () => {
        await parts.redis.ping();
      },
      slack:
        parts.slackProbe ??
        (async () => {
          if (!parts.slackClient) throw new Error('no Slack client in this process');
          await parts.slackClient.auth.test();
        }),
    },
    governance: parts.governance,
    rehearsal: parts.rehearsal,
  });
}

/** The product's version from package.json, found from the sources (src/app) or the build (dist/src/app). */
export const PRODUCT_VERSION: string = (() => {
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { version: string; name?: string })
        .version;
    } catch {
      // not there: one level further up
    }
  }
  return 'unknown';
})();
