import { WebClient } from '@slack/web-api';
import { CronExpressionParser } from 'cron-parser';
import { createAuditLog } from '../audit/audit-log.js';
import type { Config } from '../config.js';
import { createDb } from '../db/database.js';
import { createGovernance } from '../governance/mode.js';
import { createJobProducer } from '../jobs/producer.js';
import { createRedis } from '../jobs/redis.js';
import { OPS_SCHEDULE_JOBS } from '../jobs/schedules.js';
import type { ChatPort } from '../lib/chat.js';
import { systemClock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { OpsCliContext, ScheduleRow } from '../ops/cli.js';
import { createDrillRehearsal } from './drill-rehearsal.js';
import { wireOps } from './ops-wiring.js';

/**
 * The ops commands as an operator runs them. Backups and restore checks need only
 * Postgres (a team restoring after a disaster may have no Redis yet); Redis is connected
 * the first time a command needs it.
 */
export async function openOpsCli(config: Config, logger: Logger): Promise<OpsCliContext> {
  const db = createDb({ url: config.database.url, poolMax: 2, logger });
  const audit = createAuditLog(db);
  // lazyConnect: Redis is dialled by the first command that uses it (schedules, health).
  const redis = createRedis(config.redis.url, 'plain');
  redis.on('error', () => undefined);
  const jobs = createJobProducer({ connection: redis, prefix: config.redis.queuePrefix });
  const slack = config.slack.mode === 'real' ? new WebClient(config.slack.botToken, slackOptions(config)) : null;
  const ops = wireOps({
    config,
    logger,
    db,
    audit,
    jobs,
    redis,
    chat: slack ? webClientChat(slack) : null,
    slackClient: slack,
    opsChannel: () => config.ops.channel,
    governance: createGovernance({ db, audit, defaultMode: config.execution.governanceMode }),
    clock: systemClock,
    rehearsal: createDrillRehearsal(config, logger),
  });
  return {
    ops,
    schedules: () => scheduleRows(config, jobs),
    async close() {
      await jobs.close().catch(() => undefined);
      redis.disconnect();
      await db.destroy();
    },
  };
}

function slackOptions(config: Config) {
  return { ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}), retryConfig: { retries: 2 } };
}

/** One-off posts from the CLI: no shared rate-limit slots needed for a message or two. */
function webClientChat(client: WebClient): ChatPort {
  return {
    // One-off posts carry no idempotency key, so there is nothing to look up.
    findPosted: async () => null,
    async post(m) {
      const r = await client.chat.postMessage({
        channel: m.channel,
        text: m.text,
        ...(m.blocks ? { blocks: m.blocks } : {}),
      });
      return { channel: r.channel ?? m.channel, ts: r.ts ?? '' };
    },
    async update(ref, m) {
      await client.chat.update({
        channel: ref.channel,
        ts: ref.ts,
        text: m.text,
        ...(m.blocks ? { blocks: m.blocks } : {}),
      });
    },
    async postEphemeral(m) {
      await client.chat.postEphemeral({ channel: m.channel, user: m.user, text: m.text });
    },
  };
}

/** What config asks for, the next run it gives, and whether a worker registered it in Redis. */
async function scheduleRows(config: Config, jobs: ReturnType<typeof createJobProducer>): Promise<ScheduleRow[]> {
  const registered = await jobs
    .queue('ops')
    .getJobSchedulers(0, 100)
    .then((list) => new Map(list.map((s) => [s.key, s])))
    .catch(() => null);
  const tz = config.ops.timezone;
  return (Object.keys(OPS_SCHEDULE_JOBS) as Array<keyof typeof OPS_SCHEDULE_JOBS>).map((name) => {
    const cron = config.ops.schedules[name];
    const job = OPS_SCHEDULE_JOBS[name];
    const id = `ops-${name.replace(/_/g, '-')}`;
    return {
      name,
      job: `${job.name}${Object.keys(job.data).length ? ` ${JSON.stringify(job.data)}` : ''}`,
      cron,
      timezone: tz,
      next: cron ? CronExpressionParser.parse(cron, { tz }).next().toISOString() : null,
      registered: registered ? registered.has(id) : null,
    };
  });
}
