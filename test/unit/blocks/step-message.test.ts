import { describe, expect, it } from 'vitest';
import { proseOf, type StepMessageView, stepMessage } from '../../../blocks/step-message.js';
import { ACTIONS } from '../../../src/slack/ids.js';

const base: StepMessageView = {
  stepId: '11111111-2222-4333-8444-555555555555',
  binding: 'b'.repeat(64),
  index: 2,
  total: 5,
  title: 'Restart the deployment',
  text: 'Restart the deployment:\n\n```bash\nkubectl rollout restart deploy/api\n```\n\nRollback: `kubectl rollout undo deploy/api`',
  command: 'kubectl rollout restart deploy/api -n payments',
  level: 'caution',
  levelReason: 'Restarts the pods of a workload.',
  target: 'deployment/api',
  state: 'awaiting_approval',
  gate: 'click',
  gateReason: '🟡 caution: an approver approves',
  approvalExpiresAt: new Date('2026-11-23T10:10:00Z'),
  missingVariables: [],
  rollbackCommand: 'kubectl rollout undo deploy/api',
  dryRun: false,
  history: [],
  output: null,
  exitCode: null,
  durationMs: null,
};

function actionIds(view: StepMessageView): string[] {
  const actions = stepMessage(view).blocks.find((b) => b.type === 'actions') as
    | { elements: Array<{ action_id: string }> }
    | undefined;
  return actions?.elements.map((e) => e.action_id) ?? [];
}

function allText(view: StepMessageView): string {
  return JSON.stringify(stepMessage(view).blocks);
}

describe('step message', () => {
  it.each([
    ['awaiting_approval', 'click', [ACTIONS.approveStep, ACTIONS.editStep, ACTIONS.skipStep, ACTIONS.abortRun]],
    [
      'awaiting_approval',
      'typed_confirm',
      [ACTIONS.confirmDangerous, ACTIONS.editStep, ACTIONS.skipStep, ACTIONS.abortRun],
    ],
    ['awaiting_approval', 'manual', [ACTIONS.markDone, ACTIONS.skipStep, ACTIONS.abortRun]],
    ['awaiting_variables', null, [ACTIONS.provideVariables, ACTIONS.skipStep, ACTIONS.abortRun]],
    ['expired', 'click', [ACTIONS.rerequestApproval, ACTIONS.editStep, ACTIONS.skipStep, ACTIONS.abortRun]],
    ['failed', 'click', [ACTIONS.retryStep, ACTIONS.editStep, ACTIONS.skipStep, ACTIONS.abortRun]],
    ['rollback_offered', 'click', [ACTIONS.rollbackStep, ACTIONS.retryStep, ACTIONS.skipStep, ACTIONS.abortRun]],
    ['manual_intervention', 'click', [ACTIONS.markDone, ACTIONS.markFailed, ACTIONS.skipStep, ACTIONS.abortRun]],
    ['running', 'click', [ACTIONS.abortRun]],
    ['auto_running', 'auto', [ACTIONS.abortRun]],
    ['halted', 'click', [ACTIONS.retryStep, ACTIONS.editStep, ACTIONS.skipStep, ACTIONS.abortRun]],
    ['dry_run', 'click', []],
    ['marked_done', 'manual', []],
    ['succeeded', 'click', []],
    ['skipped', 'click', []],
    ['aborted', 'click', []],
  ] as const)('in state %s (gate %s) offers exactly the right buttons', (state, gate, expected) => {
    expect(actionIds({ ...base, state, gate })).toEqual(expected);
  });

  it('binds every button to the step and the exact command it shows', () => {
    const actions = stepMessage(base).blocks.find((b) => b.type === 'actions') as {
      elements: Array<{ value: string }>;
    };
    for (const el of actions.elements) expect(JSON.parse(el.value)).toEqual({ s: base.stepId, b: base.binding });
  });

  it('escapes what people wrote, so it cannot mention channels or fake links', () => {
    const text = allText({
      ...base,
      title: 'Ping <!channel> & <https://evil.example|click>',
      command: 'echo "<b>" && cat a > b',
    });
    expect(text).toContain('Ping &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
    expect(text).toContain('cat a &gt; b');
    expect(text).not.toContain('<!channel>');
  });

  it('shows the end of long output with a note, and stays inside Slack limits', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i + 1}`).join('\n');
    const message = stepMessage({
      ...base,
      state: 'succeeded',
      output: { tail: lines, note: '48.9 kB of output: only the end is shown' },
      exitCode: 0,
      durationMs: 10_300,
    });
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('line 5000');
    expect(json).not.toContain('line 1\\n');
    expect(json).toContain('earlier characters not shown');
    expect(json).toContain('only the end is shown');
    expect(json).toContain('exit 0 · 10.3 s');
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks) {
      const t = (block as { text?: { text: string } }).text?.text;
      if (t) expect(t.length).toBeLessThanOrEqual(3000);
    }
  });

  it('a dry run shows what would run, with no exit code or duration (no process ran)', () => {
    const shown = allText({
      ...base,
      state: 'dry_run',
      dryRun: true,
      output: { tail: 'DRY RUN — not executed:\n$ kubectl rollout restart deploy/api -n payments', note: null },
      exitCode: 0,
      durationMs: 0,
    });
    expect(shown).toContain('Not executed (dry run)');
    expect(shown).not.toMatch(/exit 0|0\.0 s/);
    const ran = allText({
      ...base,
      state: 'succeeded',
      output: { tail: 'ok', note: null },
      exitCode: 0,
      durationMs: 1200,
    });
    expect(ran).toContain('exit 0 · 1.2 s');
  });

  it('says why it has its level, and names the target of a 🔴 step', () => {
    const text = allText({ ...base, level: 'dangerous', gate: 'typed_confirm', target: 'namespace/payments' });
    expect(text).toContain('Why 🔴 dangerous: Restarts the pods');
    expect(text).toContain('Target: `namespace/payments`');
  });

  it('keeps the instruction prose but not the code or rollback lines it already shows', () => {
    expect(proseOf(base.text, base.title)).toBe('');
    expect(proseOf('Check the pods first.\n```bash\nkubectl get pods\n```\nUndo: `x`', 'Check pods')).toBe(
      'Check the pods first.',
    );
  });
});

describe('runbook prose in Slack', () => {
  it('turns Markdown links into Slack links, drops relative targets, and keeps user text escaped', async () => {
    const { markdownToMrkdwn, esc, truncate } = await import('../../../blocks/text.js');
    expect(
      markdownToMrkdwn(
        esc(
          'See [the dashboard](https://grafana.example/d/1?a=1&b=2) and [KubeletDown](../kubernetes/KubeletDown.md).',
        ),
      ),
    ).toBe('See <https://grafana.example/d/1?a=1&amp;b=2|the dashboard> and KubeletDown.');
    expect(markdownToMrkdwn(esc('**Impact**: <!channel> pages'))).toBe('*Impact*: &lt;!channel&gt; pages');
    expect(truncate('Drain... then check again', 21)).toBe('Drain… (truncated)');
  });
});
