/**
 * bench:copilot — the product's own overhead per copilot turn, through the real stack (Bolt
 * over Socket Mode, Postgres, BullMQ, the Web API pacing) with a zero-latency fake model
 * that calls two tools and then answers.
 *
 * Per turn: from the @mention posted to the answer shown in the thread, minus the waits for
 * Slack's posting/update slots (Slack's rate limits, not the product's work). The fake model
 * answers at once, so its local round trips stay in (a conservative figure).
 * Goal: p95 ≤ 150 ms, 0 rate-limited.
 *
 * Prints one JSON object: {"turns","p50Ms","p95Ms","toolCalls","slackCalls","rateLimited"}.
 */
import { ACTIONS } from '../src/slack/ids.js';
import { INCIDENTS, PEOPLE, startE2E } from '../test/support/e2e.js';
import { openIncident } from '../test/support/e2e-actions.js';
import setup from '../test/support/global-setup.js';
import { buttons } from '../test/support/slack-read.js';

const TURNS = Number(process.env.BENCH_TURNS ?? 20);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const totalCalls = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);

await setup();
const e = await startE2E({ llm: true });
let asked = 0;
e.llm!.setHandler((request) => {
  if (!request.text.includes('incident copilot of Runbook Copilot')) return { status: 500, shouldRetry: false };
  const hasToolResults = (request.body.messages as Array<{ role: string }>).some((m) => m.role === 'tool');
  return hasToolResults
    ? { content: `Turn ${asked}: the alert [E1] and the run [E2].\nConfidence: 70%` }
    : {
        toolCalls: [
          { name: 'get_incident', arguments: {} },
          { name: 'get_run_status', arguments: {} },
        ],
      };
});
const own: number[] = [];
let toolCalls = 0;
try {
  const thread = await openIncident(
    e,
    { title: 'KubePodCrashLooping: bench-copilot', service: 'payments-api' },
    PEOPLE.oncall,
  );
  // The run's first step means the incident's thread is recorded before anyone asks in it.
  await e.sandbox.waitFor(() => e.sandbox.thread(INCIDENTS, thread).find((m) => m.text.startsWith('Step 1/')), {
    timeoutMs: 20_000,
  });
  const rateLimitedBefore = e.sandbox.stats().rateLimited;
  const callsBefore = totalCalls(e.sandbox.stats().calls);
  for (let turn = 0; turn < TURNS; turn++) {
    asked = turn;
    const pacing = e.runtime.chatStats();
    const started = performance.now();
    const { message } = await e.sandbox.mention({
      userId: PEOPLE.oncall,
      channelId: INCIDENTS,
      threadTs: thread,
      text: `question ${turn}`,
    });
    await e.sandbox.waitFor(
      () =>
        e.sandbox
          .thread(INCIDENTS, thread)
          .find(
            (m) =>
              Number(m.ts) > Number(message.ts) &&
              buttons(m).includes(ACTIONS.copilotWhy) &&
              m.text.startsWith(`Turn ${turn}:`),
          ),
      { timeoutMs: 20_000 },
    );
    const elapsed = performance.now() - started;
    const after = e.runtime.chatStats();
    const waited = after.postWaitMs - pacing.postWaitMs + (after.updateWaitMs - pacing.updateWaitMs);
    const bundles = await e.audit(['copilot.turn_answered']);
    const bundle = bundles.at(-1)!.data as { toolCalls: unknown[] };
    toolCalls += bundle.toolCalls.length;
    own.push(Math.max(0, elapsed - waited));
  }
  own.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      turns: own.length,
      p50Ms: Math.round(percentile(own, 50)),
      p95Ms: Math.round(percentile(own, 95)),
      toolCalls,
      slackCalls: totalCalls(e.sandbox.stats().calls) - callsBefore,
      rateLimited: e.sandbox.stats().rateLimited - rateLimitedBefore,
    }),
  );
} finally {
  await e.close();
}
