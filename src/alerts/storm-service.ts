import { stormSummaryMessage } from '../../blocks/storm-summary.js';
import type { Db } from '../db/database.js';
import { inTenant } from '../db/tenant-scope.js';
import type { ChatPort } from '../lib/chat.js';
import type { JobPort } from '../lib/job-port.js';
import type { Logger } from '../lib/logger.js';
import { markSummarised, pendingSummary } from './storm-repo.js';

export interface StormSettings {
  /** Incident messages a channel gets in any minute; past that, new incidents are summarised. */
  budgetPerMinute: number;
  /** How often a summary is posted while incidents wait for one. */
  summaryEverySeconds: number;
}

/** At most this many incidents per summary message (one section each, within Slack's 50 blocks). */
const PER_SUMMARY = 20;

/**
 * Alert storms: a channel gets its own incident messages up to its budget; beyond it, the
 * incidents are named in one summary per period (with Open on each), so nothing is lost and
 * nothing is retried into a 429.
 */
export function createStormSummaries(deps: {
  db: Db;
  chat: ChatPort;
  jobs: JobPort | null;
  logger: Logger;
  settings: StormSettings;
}) {
  return {
    settings: deps.settings,

    /** One summary job per channel per period: later held-back incidents join the waiting one. */
    async schedule(tenantId: string, channelId: string): Promise<void> {
      if (!deps.jobs) return;
      const periodMs = deps.settings.summaryEverySeconds * 1000;
      const now = Date.now();
      const bucket = Math.floor(now / periodMs);
      await deps.jobs
        .enqueue(
          'incidents.summarise',
          { tenantId, channelId },
          {
            jobId: `storm__${tenantId}__${channelId}__${bucket}`,
            delayMs: (bucket + 1) * periodMs - now,
            // A period whose summary already went out gets another for what came after it.
            replaceFinished: true,
          },
        )
        .catch((err: unknown) => deps.logger.warn({ err, channelId }, 'could not schedule a storm summary'));
    },

    /** Posts the summaries of everything held back in the channel; a retry posts what is left. */
    async summarise(tenantId: string, channelId: string): Promise<{ summarised: number }> {
      let total = 0;
      for (;;) {
        const batch = await inTenant(deps.db, tenantId, (trx) => pendingSummary(trx, channelId, PER_SUMMARY));
        if (batch.length === 0) return { summarised: total };
        const message = stormSummaryMessage({
          windowSeconds: deps.settings.summaryEverySeconds,
          incidents: batch,
          budgetPerMinute: deps.settings.budgetPerMinute,
        });
        const ref = await deps.chat.post({ channel: channelId, ...message });
        await inTenant(deps.db, tenantId, (trx) =>
          markSummarised(
            trx,
            batch.map((i) => i.id),
            ref.ts,
          ),
        );
        total += batch.length;
      }
    },
  };
}

export type StormSummaries = ReturnType<typeof createStormSummaries>;
