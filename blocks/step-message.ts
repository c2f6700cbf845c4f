import type { Button, KnownBlock } from '@slack/types';
import type { RiskLevel } from '../src/classifier/types.js';
import type { StepState } from '../src/executions/machine.js';
import { encodeValue } from '../src/slack/codecs.js';
import { ACTIONS, BLOCKS } from '../src/slack/ids.js';
import { codeBlock, esc, LIMITS, markdownToMrkdwn, mrkdwn, plain, truncate, truncateStart } from './text.js';

const LEVEL_BADGE: Record<RiskLevel, string> = {
  safe: '🟢 safe',
  caution: '🟡 caution',
  dangerous: '🔴 dangerous',
  unknown: '⬜ unknown',
};

const STATE_LINE: Record<StepState, string> = {
  pending: '⏳ Waiting for earlier steps',
  ready: '🔎 Checking the command…',
  awaiting_variables: '📝 Needs values before it can run',
  awaiting_approval: '✋ Waiting for approval',
  auto_running: '⚙️ Running (auto-approved by policy)',
  running: '⚙️ Running',
  succeeded: '✅ Succeeded',
  dry_run: '🧪 Not executed (dry run): shown only',
  marked_done: '☑️ Marked done by a person (not run by Runbook Copilot)',
  failed: '❌ Failed',
  timed_out: '⏱️ Timed out',
  manual_intervention: '🛑 Needs manual intervention: its worker stopped while it ran. It was not re-run.',
  halted: '🛑 Halted by the panic switch: its command was stopped or its approval voided',
  expired: '⌛ Approval expired',
  rollback_offered: '↩️ Failed: a rollback is available',
  rolling_back: '↩️ Rolling back',
  rolled_back: '↩️ Rolled back',
  rollback_failed: '❌ Rollback failed',
  skipped: '⏭️ Skipped',
  aborted: '⛔ Aborted',
};

export interface StepMessageView {
  stepId: string;
  binding: string;
  index: number;
  total: number;
  title: string;
  text: string;
  command: string | null;
  level: RiskLevel | null;
  /** One sentence: why the level (deciding scanner rule or the LLM's raise). */
  levelReason: string | null;
  target: string | null;
  state: StepState;
  gate: 'auto' | 'click' | 'typed_confirm' | 'manual' | null;
  gateReason: string | null;
  approvalExpiresAt: Date | null;
  missingVariables: string[];
  rollbackCommand: string | null;
  dryRun: boolean;
  /** Who did what, newest last: "approved by <@U…>", "edited by …". */
  history: string[];
  output: { tail: string; note: string | null } | null;
  exitCode: number | null;
  durationMs: number | null;
  /**
   * A command written for another place (a toolbox pod, a node's shell, a database shell):
   * shown for a person to run there, never run here. Or, for a wrapped step, where it runs.
   */
  elsewhere?: { where: string; command: string | null; wrapped: boolean } | null;
  /** The author's warning about this step (it raised the step's level). */
  warning?: string | null;
  /** The command does not end by itself; a bounded form, when the compiler found one. */
  longRunning?: { bounded: string | null } | null;
}

function button(actionId: string, label: string, value: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    action_id: actionId,
    text: plain(label, LIMITS.buttonText),
    value,
    ...(style ? { style } : {}),
  };
}

/** ⛔ Abort ends the whole run (and kills a running command): Slack asks before it happens. */
function abortButton(value: string): Button {
  return {
    ...button(ACTIONS.abortRun, '⛔ Abort run', value, 'danger'),
    confirm: {
      title: plain('Abort the whole run?', 100),
      text: mrkdwn(
        'Every step not done yet is aborted, and a command that is running is stopped. This cannot be undone.',
      ),
      confirm: plain('Abort the run', 30),
      deny: plain('Keep going', 30),
      style: 'danger',
    },
  };
}

function actionsFor(view: StepMessageView): Button[] {
  const value = encodeValue('step', { s: view.stepId, b: view.binding });
  const skip = button(ACTIONS.skipStep, '⏭ Skip', value);
  const abort = abortButton(value);
  const edit = button(ACTIONS.editStep, '✏️ Edit', value);
  switch (view.state) {
    case 'awaiting_variables':
      return [button(ACTIONS.provideVariables, '📝 Provide values', value, 'primary'), skip, abort];
    case 'awaiting_approval':
      if (view.gate === 'manual') return [button(ACTIONS.markDone, '✅ Done', value, 'primary'), skip, abort];
      if (view.gate === 'typed_confirm') {
        return [button(ACTIONS.confirmDangerous, '🔴 Confirm…', value, 'danger'), edit, skip, abort];
      }
      return [button(ACTIONS.approveStep, '✅ Approve', value, 'primary'), edit, skip, abort];
    case 'expired':
      return [button(ACTIONS.rerequestApproval, '🔁 Ask again', value, 'primary'), edit, skip, abort];
    case 'failed':
    case 'timed_out':
      return [button(ACTIONS.retryStep, '🔁 Retry', value), edit, skip, abort];
    case 'rollback_offered':
      return [
        button(ACTIONS.rollbackStep, '↩️ Roll back', value, 'danger'),
        button(ACTIONS.retryStep, '🔁 Retry', value),
        skip,
        abort,
      ];
    case 'manual_intervention':
      return [
        button(ACTIONS.markDone, '✅ It finished fine', value),
        button(ACTIONS.markFailed, '❌ It failed', value),
        skip,
        abort,
      ];
    case 'rollback_failed':
      return [skip, abort];
    case 'halted':
      return [button(ACTIONS.retryStep, '🔁 Retry', value), edit, skip, abort];
    case 'running':
    case 'auto_running':
    case 'rolling_back':
      return [abort];
    default:
      return [];
  }
}

export function stepMessage(view: StepMessageView): { text: string; blocks: KnownBlock[] } {
  const badge = view.level ? LEVEL_BADGE[view.level] : '📋 instruction';
  const blocks: KnownBlock[] = [];
  blocks.push({
    type: 'section',
    text: mrkdwn(`*Step ${view.index}/${view.total} · ${esc(view.title)}*\n${badge} · ${STATE_LINE[view.state]}`),
  });
  const prose = proseOf(view.text, view.title);
  if (prose) blocks.push({ type: 'section', text: mrkdwn(truncate(markdownToMrkdwn(esc(prose)), 1500)) });
  if (view.warning)
    blocks.push({ type: 'section', text: mrkdwn(truncate(`⚠️ *The runbook warns:* ${esc(view.warning)}`, 1500)) });
  if (view.elsewhere && !view.elsewhere.wrapped) {
    const where = `🧭 *Run this yourself ${esc(view.elsewhere.where)}* (Runbook Copilot does not run it here); then mark it done:`;
    blocks.push({ type: 'section', text: mrkdwn(where) });
    if (view.elsewhere.command)
      blocks.push({ type: 'section', text: mrkdwn(codeBlock(view.elsewhere.command, LIMITS.sectionText)) });
  }
  if (view.command) {
    blocks.push({ type: 'section', text: mrkdwn(codeBlock(view.command, LIMITS.sectionText)) });
  }
  const why: string[] = [];
  if (view.levelReason) why.push(`Why ${badge}: ${esc(view.levelReason)}`);
  if (view.target && view.level === 'dangerous') why.push(`Target: \`${esc(view.target)}\``);
  if (view.gateReason && (view.state === 'awaiting_approval' || view.state === 'auto_running')) {
    why.push(esc(view.gateReason));
  }
  if (view.missingVariables.length > 0)
    why.push(`Needs: ${view.missingVariables.map((v) => `\`${esc(v)}\``).join(', ')}`);
  if (view.approvalExpiresAt && view.state === 'awaiting_approval') {
    const unix = Math.floor(view.approvalExpiresAt.getTime() / 1000);
    why.push(`Approval window closes <!date^${unix}^{time}|${view.approvalExpiresAt.toISOString()}>`);
  }
  if (view.rollbackCommand) why.push(`Rollback: \`${esc(truncate(view.rollbackCommand, 300))}\``);
  if (view.elsewhere?.wrapped) why.push(`🧭 Runs ${esc(view.elsewhere.where)} through the command above`);
  if (view.longRunning) {
    const bounded = view.longRunning.bounded
      ? `; a bounded form: \`${esc(truncate(view.longRunning.bounded, 200))}\``
      : '';
    why.push(`⏳ This command does not end by itself: its step timeout stops it${bounded}`);
  }
  if (view.dryRun && view.command) why.push('Dry run: commands are shown, not executed');
  if (why.length > 0)
    blocks.push({ type: 'context', elements: [mrkdwn(truncate(why.join('\n'), LIMITS.contextText))] });

  if (view.output) {
    const body = view.output.tail.length > 0 ? view.output.tail : '(no output)';
    const fenced = codeBlock(truncateStart(body, 2700), 2800);
    // A dry run started no process: an exit code or a duration would claim that one ran.
    const ran = view.state !== 'dry_run';
    const meta = [
      ran && view.exitCode !== null ? `exit ${view.exitCode}` : null,
      ran && view.durationMs !== null ? `${(view.durationMs / 1000).toFixed(1)} s` : null,
      view.output.note,
    ]
      .filter(Boolean)
      .join(' · ');
    blocks.push({ type: 'section', text: mrkdwn(fenced) });
    if (meta) blocks.push({ type: 'context', elements: [mrkdwn(esc(meta))] });
  }
  if (view.history.length > 0) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(truncate(view.history.slice(-6).join(' · '), LIMITS.contextText))],
    });
  }
  const actions = actionsFor(view);
  if (actions.length > 0) blocks.push({ type: 'actions', block_id: BLOCKS.stepActions, elements: actions });
  return {
    text: `Step ${view.index}/${view.total}: ${esc(truncate(view.title, 150))} (${badge}, ${STATE_LINE[view.state]})`,
    blocks,
  };
}

/**
 * The instruction around a step's command, without the code and rollback lines the
 * message already shows; empty when it only repeats the title.
 */
export function proseOf(text: string, title: string): string {
  const prose = text
    .replace(/```[\s\S]*?(```|$)/g, ' ')
    .split('\n')
    .filter((line) => !/^\s*(rollback|undo|revert)\s*:/i.test(line))
    .join('\n')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const bare = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');
  return bare(prose) === bare(title) ? '' : prose;
}
