/**
 * bench:stream — the Slack calls the product makes while one step prints 5,000 lines over
 * about 10 s, through the real stack (PagerDuty webhook → matcher → ▶ Start clicked in the
 * sandbox → worker → child process → output streamer → Web API → sandbox).
 *
 * Two runs of the same 🟢 step (test/fixtures/bench-runbooks/), one after the other, in
 * audit mode:
 * - approved (the top-level figures): trust level 0, so the step waits and the on-call
 *   engineer presses Approve through the sandbox driver, as a person would;
 * - auto (`auto`): trust level 1, so the step runs by itself right after ▶ Start.
 *
 * Goal: no 429s, no update-rate violations, at most one chat.update of the step's message
 * per second, live output while the step runs, and a final message that shows the last line
 * and says that earlier output was cut.
 */
import path from 'node:path';
import type { RecordedCall, SandboxMessage } from '../src/sandbox/index.js';
import { ACTIONS } from '../src/slack/ids.js';
import { INCIDENTS, PEOPLE, REPO_ROOT, startE2E } from '../test/support/e2e.js';
import setup from '../test/support/global-setup.js';
import { shown } from '../test/support/slack-read.js';

const LINES = 5000;
const LAST_LINE = `line ${LINES} of ${LINES}`;
const RUNBOOKS = path.join(REPO_ROOT, 'test/fixtures/bench-runbooks');
const WINDOW_MS = 1000;

function buttons(m: SandboxMessage | undefined): string[] {
  const ids: string[] = [];
  for (const block of (m?.blocks ?? []) as Array<{ type: string; elements?: Array<{ action_id?: string }> }>) {
    if (block.type === 'actions') for (const el of block.elements ?? []) if (el.action_id) ids.push(el.action_id);
  }
  return ids;
}

/** Most events inside any window of `windowMs` (sorted times, epoch ms). */
function maxInWindow(times: number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

function minGap(times: number[]): number | null {
  let best: number | null = null;
  for (let i = 1; i < times.length; i++) best = Math.min(best ?? Number.POSITIVE_INFINITY, times[i]! - times[i - 1]!);
  return best;
}

await setup();
const e2e = await startE2E({ runbooksDir: RUNBOOKS, env: { GOVERNANCE_MODE: 'audit', EXECUTION_DRY_RUN: 'false' } });

interface Scenario {
  alert: string;
  service: string;
  runbookTitle: string;
}

/** Fires the alert, presses ▶ Start (and Approve when asked), waits for the summary, measures. */
async function measure(scenario: Scenario) {
  const delivery = await e2e.fireAlert({
    title: `${scenario.alert}: a step prints 5,000 lines`,
    service: scenario.service,
  });
  if (delivery.status !== 202) throw new Error(`alert: HTTP ${delivery.status} ${delivery.body}`);
  const card = await e2e.sandbox.waitFor(
    () =>
      e2e.sandbox
        .messages(INCIDENTS)
        .find(
          (m) =>
            m.text.includes('Runbook matched') &&
            shown(m).includes(scenario.alert) &&
            shown(m).includes(scenario.runbookTitle),
        ),
    { timeoutMs: 15_000, description: `"Runbook matched" for ${scenario.runbookTitle}` },
  );
  const startedAt = Date.now();
  await e2e.sandbox.clickButton({
    userId: PEOPLE.oncall,
    channelId: INCIDENTS,
    messageTs: card.ts,
    actionId: ACTIONS.startRun,
  });
  const stepMessage = () => e2e.sandbox.thread(INCIDENTS, card.ts).find((m) => m.text.startsWith('Step 1/1'));

  const first = await e2e.sandbox.waitFor(
    () => {
      const m = stepMessage();
      return m && (buttons(m).length > 0 || /Running|Succeeded|Failed/.test(shown(m))) ? m : undefined;
    },
    { timeoutMs: 20_000, description: 'the step message' },
  );
  const level = /(🟢 safe|🟡 caution|🔴 dangerous|⬜ unknown)/.exec(shown(first))?.[1] ?? 'unknown';
  const approvedByClick = buttons(first).includes(ACTIONS.approveStep);
  if (approvedByClick) {
    await e2e.sandbox.clickButton({
      userId: PEOPLE.oncall,
      channelId: INCIDENTS,
      messageTs: first.ts,
      actionId: ACTIONS.approveStep,
    });
  } else if (buttons(first).length > 0) {
    throw new Error(`the bench step wants ${buttons(first).join(', ')} (${level}); expected Approve or nothing`);
  }

  await e2e.sandbox.waitFor(
    () => e2e.sandbox.thread(INCIDENTS, card.ts).find((m) => m.text.includes('Runbook finished')),
    {
      timeoutMs: 90_000,
      description: 'the "Runbook finished" summary',
    },
  );
  const endedAt = Date.now();
  const final = stepMessage()!;
  const finalText = shown(final);
  if (!finalText.includes('Succeeded')) throw new Error(`the step did not succeed:\n${finalText}`);

  const during = (c: RecordedCall) => c.at >= startedAt && c.at <= endedAt;
  const updateCalls = e2e.sandbox.calls('chat.update').filter(during);
  const onStep = updateCalls.filter(
    (c) => c.args.channel === INCIDENTS && c.args.ts === final.ts && c.response.ok === true,
  );
  const updates = onStep.map((c) => c.at).sort((a, b) => a - b);
  const failedUpdates: Record<string, number> = {};
  for (const c of updateCalls.filter((call) => call.response.ok !== true)) {
    const key = `${String(c.response.error)}${String(c.args.ts).startsWith('posting:') ? ' (ts "posting:…")' : ''}`;
    failedUpdates[key] = (failedUpdates[key] ?? 0) + 1;
  }
  const postsByChannel = new Map<string, number[]>();
  for (const c of e2e.sandbox.calls('chat.postMessage').filter((call) => during(call) && call.response.ok === true)) {
    const channel = String(c.args.channel);
    postsByChannel.set(channel, [...(postsByChannel.get(channel) ?? []), c.at]);
  }
  const failures = e2e.sandbox.failures().filter((f) => f.at >= startedAt && f.at <= endedAt);
  const succeeded = (await e2e.audit(['execution.step_succeeded']))
    .filter((ev) => ev.occurredAt.getTime() >= startedAt)
    .at(-1);
  const data = (succeeded?.data ?? {}) as { durationMs?: number; outputBytes?: number };
  const outputFence = [...finalText.matchAll(/```([\s\S]*?)```/g)].map((m) => m[1]!.trimEnd()).at(-1) ?? '';
  const note = /(\d[\d,]* earlier (?:lines|characters) not shown|output truncated[^\n]*)/.exec(finalText)?.[1] ?? null;
  return {
    level,
    gate: approvedByClick ? 'approve click' : 'auto',
    durationMs: data.durationMs ?? null,
    outputBytes: data.outputBytes ?? null,
    chatUpdates: updates.length,
    liveOutputUpdates: onStep.filter(
      (c) => String(c.args.text).includes('Running') && JSON.stringify(c.args.blocks).includes(' of 5000'),
    ).length,
    maxUpdatesPerSecond: maxInWindow(updates, WINDOW_MS),
    minUpdateGapMs: minGap(updates),
    updateGapsMs: updates.slice(1).map((t, i) => t - updates[i]!),
    failedUpdates,
    rateLimited: failures.filter((f) => f.kind === 'rate_limited').length,
    updateViolations: failures.filter((f) => f.kind === 'update_rate').length,
    maxPostsPerChannelPerSecond: Math.max(0, ...[...postsByChannel.values()].map((t) => maxInWindow(t, WINDOW_MS))),
    finalShowsLastLine: outputFence.split('\n').at(-1) === LAST_LINE,
    finalTruncationNote: note,
  };
}

try {
  const approved = await measure({
    alert: 'BenchStreamApproved',
    service: 'bench-stream-approved',
    runbookTitle: 'Stream 5,000 lines, approved (bench)',
  });
  const auto = await measure({
    alert: 'BenchStreamAuto',
    service: 'bench-stream-auto',
    runbookTitle: 'Stream 5,000 lines, auto (bench)',
  });
  const stats = e2e.sandbox.stats();
  console.log(
    JSON.stringify({
      benchmark: 'stream',
      lines: LINES,
      ...approved,
      auto,
      total: { calls: stats.calls, rateLimited: stats.rateLimited, updateViolations: stats.updateViolations },
    }),
  );
} finally {
  await e2e.close();
}
