/**
 * bench:step — milliseconds from ✅ Approve pressed to the next step's card appearing in the
 * Slack sandbox, over an 11-step runbook in dry run (strict mode: every step is a click),
 * through the real stack (Bolt over Socket Mode, Postgres, BullMQ, the Web API pacing).
 *
 * Prints one JSON object: {steps, p50Ms, p95Ms, rateLimited} plus the product's own share,
 * which leaves out the time spent waiting for Slack's one-message-a-second posting slot.
 */
import path from 'node:path';
import { ACTIONS } from '../src/slack/ids.js';
import { INCIDENTS, PEOPLE, REPO_ROOT, startE2E } from '../test/support/e2e.js';
import { openIncident, press } from '../test/support/e2e-actions.js';
import setup from '../test/support/global-setup.js';
import { buttons, stepMessage } from '../test/support/slack-read.js';

const STEPS = 11;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

await setup();
const e = await startE2E({
  runbooksDir: path.join(REPO_ROOT, 'test/fixtures/step-bench-runbooks'),
  env: { EXECUTION_DRY_RUN: 'true' },
});
const latencies: number[] = [];
const own: number[] = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const thread = await openIncident(e, { title: `BenchEleven run ${run}`, service: 'bench-steps' }, PEOPLE.oncall);
    for (let n = 1; n < STEPS; n++) {
      const current = await e.sandbox.waitFor(() => {
        const m = stepMessage(e.sandbox, INCIDENTS, thread, n);
        return m && buttons(m).includes(ACTIONS.approveStep) ? m : undefined;
      });
      const before = e.runtime.chatStats();
      const pressedAt = performance.now();
      await press(e, PEOPLE.oncall, current, ACTIONS.approveStep);
      await e.sandbox.waitFor(() => stepMessage(e.sandbox, INCIDENTS, thread, n + 1), { timeoutMs: 20_000 });
      const elapsed = performance.now() - pressedAt;
      latencies.push(elapsed);
      own.push(Math.max(0, elapsed - (e.runtime.chatStats().postWaitMs - before.postWaitMs)));
    }
    const last = await e.sandbox.waitFor(() => {
      const m = stepMessage(e.sandbox, INCIDENTS, thread, STEPS);
      return m && buttons(m).includes(ACTIONS.approveStep) ? m : undefined;
    });
    await press(e, PEOPLE.oncall, last, ACTIONS.approveStep);
    await e.sandbox.waitFor(
      () => e.sandbox.thread(INCIDENTS, thread).find((m) => m.text.includes('Runbook finished')),
      {
        timeoutMs: 20_000,
      },
    );
  }
  latencies.sort((a, b) => a - b);
  own.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      steps: latencies.length,
      p50Ms: Math.round(percentile(latencies, 50)),
      p95Ms: Math.round(percentile(latencies, 95)),
      rateLimited: e.sandbox.stats().rateLimited,
      ownP50Ms: Math.round(percentile(own, 50)),
      ownP95Ms: Math.round(percentile(own, 95)),
    }),
  );
} finally {
  await e.close();
}
