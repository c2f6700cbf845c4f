/**
 * bench:intake — milliseconds from a signed PagerDuty POST to the "🔔 Runbook matched"
 * message arriving at the Slack sandbox, over 200 alerts, through the real stack
 * (Fastify → Postgres inbox → BullMQ → matcher → Web API → sandbox).
 *
 * Alerts are paced just above Slack's one-message-per-second-per-channel limit, so the
 * figure is the product's own latency rather than time spent queueing for Slack.
 */

import { INCIDENTS, startE2E } from '../test/support/e2e.js';
import setup from '../test/support/global-setup.js';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 200);
const PACE_MS = Number(process.env.BENCH_PACE_MS ?? 1150);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

await setup();
const e2e = await startE2E({ runbooksDir: 'runbooks' });
const arrived = new Map<string, number>();
e2e.sandbox.events.on('message', (change) => {
  if (change.action !== 'posted' || change.channel !== INCIDENTS) return;
  const message = e2e.sandbox.messages(INCIDENTS).find((m) => m.ts === change.ts);
  const id = message && /bench-(\d+)/.exec(message.text)?.[1];
  if (id && message.text.includes('Runbook matched') && !arrived.has(id)) arrived.set(id, performance.now());
});

const sent = new Map<string, number>();
const latencies: number[] = [];
try {
  for (let i = 0; i < ALERTS; i++) {
    const id = String(i);
    sent.set(id, performance.now());
    const res = await e2e.fireAlert({
      title: `KubePodCrashLooping bench-${i}: pod payments/api is crash looping`,
      service: 'payments-api',
    });
    if (res.status !== 202) throw new Error(`alert ${i}: HTTP ${res.status} ${res.body}`);
    await new Promise((r) => setTimeout(r, PACE_MS));
  }
  await e2e.sandbox.waitFor(() => arrived.size >= ALERTS || undefined, { timeoutMs: 60_000 });
  for (const [id, at] of arrived) latencies.push(at - sent.get(id)!);
  latencies.sort((a, b) => a - b);
  const stats = e2e.sandbox.stats();
  console.log(
    JSON.stringify({
      benchmark: 'intake',
      alerts: ALERTS,
      paceMs: PACE_MS,
      p50Ms: Math.round(percentile(latencies, 50)),
      p95Ms: Math.round(percentile(latencies, 95)),
      maxMs: Math.round(latencies.at(-1)!),
      rateLimitedBySlack: stats.rateLimited,
    }),
  );
} finally {
  await e2e.close();
}
