import type { Job } from 'bullmq';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionService } from '../../../src/executions/service/index.js';
import { type HandlerDeps, jobHandlers } from '../../../src/jobs/workers/handlers.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { type AlertProcessingBench, startAlertProcessing } from '../../support/alert-processing.js';

// Storm summaries name every held-back incident exactly once: two summarisers of one channel
// split the work, a summariser that died after posting is found (not posted again), and
// incidents no summary named in time are found by the reconciler's sweep.

const TENANT = 'T0STORM';
const CHANNEL = 'C0INCIDENTS';

describe('storm summaries', () => {
  let bench: AlertProcessingBench;
  beforeAll(async () => {
    bench = await startAlertProcessing({
      tenant: TENANT,
      channel: CHANNEL,
      storm: { budgetPerMinute: 1, summaryEverySeconds: 30 },
    });
    // The channel's budget for this minute goes to the first incident.
    await bench.processing.process(
      TENANT,
      await bench.receivePagerDuty({ title: 'Budget spender', service: 'spender' }),
    );
  });
  afterAll(async () => bench?.close());

  /** The real alerts.reconcile handler, over this bench's processing and job port. */
  const reconcile = () => {
    const handlers = jobHandlers({
      db: bench.t.db,
      jobs: { enqueue: async (name, payload, opts) => void bench.enqueued.push({ name, payload, jobId: opts?.jobId }) },
      alerts: bench.processing,
      executions: { reconcileLostRuns: async () => 0 } as unknown as ExecutionService,
      logger: silentLogger(),
      reconcileAfterMs: 30_000,
    } as HandlerDeps);
    return handlers['alerts.reconcile']({}, {} as Job); // the handler reads nothing of its job
  };

  const hold = async (title: string) => {
    const alertId = await bench.receivePagerDuty({ title, service: title.toLowerCase().replace(/\W+/g, '-') });
    await bench.processing.process(TENANT, alertId);
    return alertId;
  };
  const summaries = () => bench.slack.posts.filter((p) => p.postKey?.eventType === 'storm_summary');
  const summarisedIn = async (alertId: string) =>
    (
      await bench.t.owner
        .selectFrom('incidents')
        .select('summarised_in')
        .where('alert_id', '=', alertId)
        .executeTakeFirstOrThrow()
    ).summarised_in;

  it('two summarisers of one channel name each held-back incident once', async () => {
    const titles = ['Queue depth alpha', 'Queue depth beta', 'Queue depth gamma'];
    for (const title of titles) await hold(title);
    const results = await Promise.all([
      bench.processing.summarise(TENANT, CHANNEL),
      bench.processing.summarise(TENANT, CHANNEL),
    ]);
    expect(results.map((r) => r.summarised).sort()).toEqual([0, 3]);
    const text = summaries()
      .map((m) => JSON.stringify(m.blocks))
      .join('\n');
    for (const title of titles) expect(text.split(title)).toHaveLength(2);
  });

  it('a summariser that died after posting is found by the next one, not posted again', async () => {
    const alertId = await hold('Disk pressure delta');
    bench.slack.loseNextAnswer();
    await expect(bench.processing.summarise(TENANT, CHANNEL)).rejects.toThrow('the worker died after posting');
    const posted = summaries().length;
    // While its claim is fresh, another summariser leaves it to its owner.
    expect(await bench.processing.summarise(TENANT, CHANNEL)).toEqual({ summarised: 0 });
    expect(await summarisedIn(alertId)).toMatch(/^posting:/);
    // Long after (the claim is stale), it is taken over: the message is looked up, not posted again.
    await sql`update incidents set summarised_in = regexp_replace(summarised_in, '^posting:\\d+', 'posting:0')
              where summarised_in like 'posting:%'`.execute(bench.t.owner);
    expect(await bench.processing.summarise(TENANT, CHANNEL)).toEqual({ summarised: 1 });
    expect(summaries()).toHaveLength(posted);
    expect(await summarisedIn(alertId)).toBe(bench.slack.tsOf(bench.slack.posts.indexOf(summaries().at(-1)!)));
  });

  it('the sweep finds a channel whose held-back incidents no summary named in two periods', async () => {
    expect(await bench.processing.unsummarised()).toEqual([]);
    const alertId = await hold('Certificate expiry epsilon');
    expect(await bench.processing.unsummarised()).toEqual([]);
    await bench.t.owner
      .updateTable('incidents')
      .set({ created_at: new Date(Date.now() - 61_000) })
      .where('alert_id', '=', alertId)
      .execute();
    expect(await bench.processing.unsummarised()).toEqual([{ tenantId: TENANT, channelId: CHANNEL }]);
    // The reconcile job asks for that channel's summary.
    bench.enqueued.length = 0;
    await reconcile();
    expect(bench.enqueued).toContainEqual({
      name: 'incidents.summarise',
      payload: { tenantId: TENANT, channelId: CHANNEL },
      jobId: `storm-sweep__${TENANT}__${CHANNEL}`,
    });
    await bench.processing.summarise(TENANT, CHANNEL);
    expect(await bench.processing.unsummarised()).toEqual([]);
  });
});
