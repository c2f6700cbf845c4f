import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/ids.js';
import { type E2E, INCIDENTS, PEOPLE, startE2E } from '../support/e2e.js';
import { press } from '../support/e2e-actions.js';
import { shown } from '../support/slack-read.js';

const BUDGET = 5;
const ALERTS = 40;

describe('an alert storm: 5 alerts a second into one channel', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({
      env: { ALERT_CHANNEL_BUDGET_PER_MINUTE: String(BUDGET), ALERT_STORM_SUMMARY_SECONDS: '5' },
    });
  });
  afterAll(async () => e?.close());

  const title = (n: number) => `StormAlert${String(n).padStart(3, '0')} disk filling on node-${n}`;

  it('announces up to the channel budget, summarises the rest with Open on each: none lost, no 429', async () => {
    const deliveries: Array<Promise<{ status: number }>> = [];
    for (let n = 0; n < ALERTS; n++) {
      deliveries.push(e.fireAlert({ title: title(n), service: `node-${n}` }));
      await new Promise((resolve) => setTimeout(resolve, 200)); // the sender's pace: 5 a second
    }
    expect((await Promise.all(deliveries)).map((d) => d.status)).toEqual(Array(ALERTS).fill(202));

    // Every alert reaches the channel: in its own message or named in a storm summary.
    const everyTitle = () => {
      const text = e.sandbox
        .messages(INCIDENTS)
        .map((m) => shown(m))
        .join('\n');
      return Array.from({ length: ALERTS }, (_, n) => title(n)).every((t) => text.includes(t)) ? text : undefined;
    };
    await e.sandbox.waitFor(everyTitle, { timeoutMs: 90_000, description: `all ${ALERTS} alerts in #incidents` });

    const top = e.sandbox.messages(INCIDENTS);
    const own = top.filter((m) => m.text.includes('StormAlert') && !m.text.includes('more alert'));
    const summaries = top.filter((m) => /🌩️ \d+ more alerts? in the last 5 seconds/.test(m.text));
    expect(own).toHaveLength(BUDGET);
    expect(summaries.length).toBeGreaterThan(0);
    expect(e.sandbox.stats().rateLimited).toBe(0);
    expect(e.sandbox.failures().filter((f) => /429|rate/i.test(JSON.stringify(f)))).toEqual([]);

    // Open on a summarised alert gives it its own message.
    const summary = summaries[0]!;
    const named = /StormAlert(\d{3})/.exec(
      shown({ blocks: (summary.blocks as unknown[]).filter((b) => (b as { type: string }).type === 'section') }),
    )![1]!;
    await press(e, PEOPLE.oncall, summary, ACTIONS.openIncident);
    await e.sandbox.waitFor(
      () => e.sandbox.messages(INCIDENTS).find((m) => m.text.startsWith('🔔') && m.text.includes(`StormAlert${named}`)),
      { timeoutMs: 20_000, description: `StormAlert${named} in its own message` },
    );
    expect(e.sandbox.stats().rateLimited).toBe(0);

    const rows = await e.db.owner.selectFrom('incidents').select(['announce', 'summarised_in']).execute();
    expect(rows).toHaveLength(ALERTS);
    expect(rows.filter((r) => r.announce === 'summarised').every((r) => r.summarised_in !== null)).toBe(true);
  });
});
