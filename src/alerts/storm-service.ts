import { randomUUID } from 'node:crypto';
import { stormSummaryMessage } from '../../blocks/storm-summary.js';
import type { Db } from '../db/database.js';
import { inTenant } from '../db/tenant-scope.js';
import type { ChatPort } from '../lib/chat.js';
import type { JobPort } from '../lib/job-port.js';
import type { Logger } from '../lib/logger.js';
import { claimSummaryBatch, markSummarised, type SummaryClaim } from './storm-repo.js';

export interface StormSettings {
  /** Incident messages a channel gets in any minute; past that, new incidents are summarised. */
  budgetPerMinute: number;
  /** How often a summary is posted while incidents wait for one. */
  summaryEverySeconds: number;
}

/** At most this many incidents per summary message (one section each, within Slack's 50 blocks). */
const PER_SUMMARY = 20;
/** A claimed batch not posted within this long belongs to a summariser that died (jobs retry after 30 s). */
const CLAIM_STALE_MS = 20_000;

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
  async function postSummary(channelId: string, claim: SummaryClaim) {
    const postKey = { eventType: 'storm_summary', key: claim.key };
    const oldest = Math.floor(claim.incidents[0]!.createdAt.getTime() / 1000) - 1;
    const earlier = claim.resumed ? await deps.chat.findPosted({ channel: channelId, ...postKey, oldest }) : null;
    if (earlier) return earlier;
    const message = stormSummaryMessage({
      windowSeconds: deps.settings.summaryEverySeconds,
      incidents: claim.incidents,
      budgetPerMinute: deps.settings.budgetPerMinute,
    });
    return deps.chat.post({ channel: channelId, postKey, ...message });
  }

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

    /**
     * Posts the summaries of everything held back in the channel. Each batch is claimed
     * before it is posted and carries its key, so a summariser that died after posting is
     * found by the next one instead of posted twice.
     */
    async summarise(tenantId: string, channelId: string): Promise<{ summarised: number }> {
      let total = 0;
      for (;;) {
        const claim = await inTenant(deps.db, tenantId, (trx) =>
          claimSummaryBatch(trx, {
            tenantId,
            channelId,
            limit: PER_SUMMARY,
            nowMs: Date.now(),
            staleMs: CLAIM_STALE_MS,
            newKey: randomUUID(),
          }),
        );
        if (!claim) return { summarised: total };
        const ref = await postSummary(channelId, claim);
        await inTenant(deps.db, tenantId, (trx) =>
          markSummarised(
            trx,
            claim.incidents.map((i) => i.id),
            ref.ts,
          ),
        );
        total += claim.incidents.length;
      }
    },
  };
}

export type StormSummaries = ReturnType<typeof createStormSummaries>;
