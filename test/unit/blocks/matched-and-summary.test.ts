import { describe, expect, it } from 'vitest';
import { executionSummaryMessage } from '../../../blocks/execution-summary.js';
import { runbookMatchedMessage } from '../../../blocks/runbook-matched.js';
import { codeBlock, esc, truncate, truncateStart } from '../../../blocks/text.js';
import { suggestRunbookEdits } from '../../../src/executions/divergence.js';
import { ACTIONS } from '../../../src/slack/ids.js';

describe('runbook matched message', () => {
  const view = {
    incidentId: 'aaaaaaaa-0000-4000-8000-000000000001',
    alert: {
      title: 'KubePodCrashLooping <api>',
      service: 'payments',
      source: 'pagerduty',
      url: 'https://pd.example/i/1',
      urgency: 'high',
    },
    match: {
      runbookVersionId: 'bbbbbbbb-0000-4000-8000-000000000001',
      title: 'Crash-looping pod',
      score: 0.93,
      reason: 'alert name matches',
      stepCount: 6,
    },
    runnersUp: [
      { runbookVersionId: 'bbbbbbbb-0000-4000-8000-000000000002', title: 'API latency', score: 0.41 },
      { runbookVersionId: 'bbbbbbbb-0000-4000-8000-000000000003', title: 'Disk nearly full', score: 0.3 },
    ],
    started: null,
  };

  it('links the alert only when its URL is a plain http(s) URL: a crafted one cannot ping or add links', () => {
    const hostile = 'https://pd.example/i/1|Open the alert> <!channel> <https://evil.example';
    for (const url of [hostile, 'javascript:alert(1)']) {
      for (const match of [view.match, null]) {
        const json = JSON.stringify(runbookMatchedMessage({ ...view, match, alert: { ...view.alert, url } }).blocks);
        expect(json).not.toContain('<!channel>');
        expect(json).not.toContain('<https://evil.example');
        expect(json).not.toContain('<javascript:');
      }
    }
    const grafana = 'https://grafana.example/d/x?orgId=1&var-pod=api';
    const json = JSON.stringify(runbookMatchedMessage({ ...view, alert: { ...view.alert, url: grafana } }).blocks);
    expect(json).toContain('<https://grafana.example/d/x?orgId=1&amp;var-pod=api|Open the alert>');
  });

  it('offers ▶ Start for the best match and one button per runner-up, with the confidence', () => {
    const { text, blocks } = runbookMatchedMessage(view);
    expect(text).toBe('🔔 Runbook matched for KubePodCrashLooping &lt;api&gt;: Crash-looping pod');
    const json = JSON.stringify(blocks);
    expect(json).toContain('Confidence: *high* (93%)');
    expect(json).toContain('KubePodCrashLooping &lt;api&gt;');
    const actions = blocks.find((b) => b.type === 'actions') as {
      elements: Array<{ action_id: string; value: string }>;
    };
    expect(actions.elements.map((e) => e.action_id)).toEqual([
      ACTIONS.startRun,
      `${ACTIONS.pickRunnerUp}_0`,
      `${ACTIONS.pickRunnerUp}_1`,
    ]);
    expect(actions.elements.map((e) => JSON.parse(e.value).r)).toEqual([
      'bbbbbbbb-0000-4000-8000-000000000001',
      'bbbbbbbb-0000-4000-8000-000000000002',
      'bbbbbbbb-0000-4000-8000-000000000003',
    ]);
  });

  it('replaces the buttons with who started it', () => {
    const { blocks } = runbookMatchedMessage({ ...view, started: { by: 'U123', runbookTitle: 'Crash-looping pod' } });
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(blocks)).toContain('Started by <@U123>');
  });

  it('says plainly when nothing matched', () => {
    const { text, blocks } = runbookMatchedMessage({ ...view, match: null, runnersUp: [] });
    expect(text).toContain('no runbook matched');
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
  });
});

describe('execution summary and suggested edits', () => {
  it('lists every step with who approved it, and splits long runs across sections', () => {
    const steps = Array.from({ length: 120 }, (_, i) => ({
      index: i + 1,
      title: `Step number ${i + 1} with a reasonably long title for testing`,
      state: i % 7 === 0 ? 'skipped' : 'succeeded',
      level: 'safe',
      approvedBy: i % 5 === 0 ? ['U9'] : [],
      editedFrom: null,
      editedTo: null,
      durationMs: 1234,
      exitCode: 0,
    }));
    const { blocks } = executionSummaryMessage({
      runbookTitle: 'Big runbook',
      outcome: 'completed',
      startedBy: 'U1',
      abortedBy: null,
      durationMs: 125_000,
      dryRun: false,
      steps,
      suggestions: suggestRunbookEdits(steps),
    });
    expect(blocks.length).toBeLessThanOrEqual(50);
    const sections = blocks.filter((b) => b.type === 'section') as Array<{ text: { text: string } }>;
    for (const s of sections) expect(s.text.text.length).toBeLessThanOrEqual(3000);
    const all = sections.map((s) => s.text.text).join('\n');
    expect(all).toContain('102 ran · 18 skipped · 0 edited · 2 min 5 s');
    expect(all).toContain('approved by <@U9>');
  });

  it('cuts a long step title with one ellipsis, never "… (truncated)"', () => {
    const title = `Delete the scratch directory (no rollback needed: nothing in it was worth keeping, ${'really '.repeat(5)})`;
    const step = {
      index: 3,
      title,
      state: 'dry_run',
      level: 'dangerous',
      approvedBy: ['U2'],
      editedFrom: null,
      editedTo: null,
      durationMs: 0,
      exitCode: 0,
    };
    const { blocks } = executionSummaryMessage({
      runbookTitle: 'Hello',
      outcome: 'completed',
      startedBy: 'U1',
      abortedBy: null,
      durationMs: 1000,
      dryRun: true,
      steps: [step],
      suggestions: [],
    });
    const text = JSON.stringify(blocks);
    expect(text).toMatch(
      /3\. Delete the scratch directory \(no rollback needed: nothing in it was [a-z ]+… · not executed \(dry run\)/,
    );
    expect(text).not.toContain('(truncated)');
  });

  it('turns edits, skips, failures and rollbacks into suggestions for the author', () => {
    const out = suggestRunbookEdits([
      {
        index: 1,
        title: 'A',
        state: 'succeeded',
        level: 'caution',
        approvedBy: [],
        editedFrom: 'old cmd',
        editedTo: 'new cmd',
        durationMs: 1,
        exitCode: 0,
      },
      {
        index: 2,
        title: 'B',
        state: 'skipped',
        level: 'safe',
        approvedBy: [],
        editedFrom: null,
        editedTo: null,
        durationMs: null,
        exitCode: null,
      },
      {
        index: 3,
        title: 'C',
        state: 'rolled_back',
        level: 'caution',
        approvedBy: [],
        editedFrom: null,
        editedTo: null,
        durationMs: 1,
        exitCode: 1,
      },
      {
        index: 4,
        title: 'D',
        state: 'succeeded',
        level: 'safe',
        approvedBy: [],
        editedFrom: null,
        editedTo: null,
        durationMs: 1,
        exitCode: 0,
      },
    ]);
    expect(out).toEqual([
      'Step 1 "A" was edited before it ran: consider changing `old cmd` to `new cmd`.',
      'Step 2 "B" was skipped: is it still needed, or should it be conditional?',
      'Step 3 "C" failed and was rolled back: add a check before it or a safer alternative.',
    ]);
  });
});

describe('text helpers', () => {
  it('escapes only &, < and >', () => {
    expect(esc(`a & <b> "c" 'd'`)).toBe(`a &amp; &lt;b&gt; "c" 'd'`);
  });
  it('says when it cuts', () => {
    expect(truncate('x'.repeat(50), 20)).toBe(`${'x'.repeat(7)}… (truncated)`);
    expect(truncateStart('abcdefghij'.repeat(10), 60)).toMatch(/^… \(\d+ earlier characters not shown\)\n/);
    expect(truncateStart('short', 60)).toBe('short');
  });
  it('keeps a code block closed even when the code contains fences', () => {
    const block = codeBlock('echo ```done```', 100);
    expect(block.startsWith('```')).toBe(true);
    expect(block.endsWith('```')).toBe(true);
    expect(block.slice(3, -3)).not.toContain('```');
  });
});

describe('notification text', () => {
  it('escapes an alert title in the top-level text too, so <!channel> and mentions notify nobody', async () => {
    const { runbookMatchedMessage } = await import('../../../blocks/runbook-matched.js');
    const message = runbookMatchedMessage({
      incidentId: 'aaaaaaaa-0000-4000-8000-000000000009',
      alert: {
        title: 'Disk full <!channel> <!here> <@U0ONCALL01> <!subteam^S1>',
        service: null,
        source: 'pagerduty',
        url: null,
        urgency: null,
      },
      match: null,
      runnersUp: [],
      started: null,
    });
    expect(message.text).not.toMatch(/<!channel>|<!here>|<@U0ONCALL01>|<!subteam/);
    expect(message.text).toContain('&lt;!channel&gt;');
  });
});
