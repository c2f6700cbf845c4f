import type { KnownBlock } from '@slack/types';
import { esc, LIMITS, mrkdwn, plain, truncate, userRef } from './text.js';

export interface SummaryStepView {
  index: number;
  title: string;
  state: string;
  level: string | null;
  approvedBy: string[];
  editedFrom: string | null;
  editedTo: string | null;
  durationMs: number | null;
  exitCode: number | null;
}

export interface ExecutionSummaryView {
  runbookTitle: string;
  outcome: 'completed' | 'aborted';
  startedBy: string;
  abortedBy: string | null;
  durationMs: number;
  dryRun: boolean;
  steps: SummaryStepView[];
  suggestions: string[];
}

const STATE_ICON: Record<string, string> = {
  succeeded: '✅',
  skipped: '⏭️',
  rolled_back: '↩️',
  aborted: '⛔',
  failed: '❌',
  timed_out: '⏱️',
  manual_intervention: '🛑',
};

function seconds(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** End-of-run summary: what ran, what was skipped or edited, how long, who approved what. */
export function executionSummaryMessage(view: ExecutionSummaryView): { text: string; blocks: KnownBlock[] } {
  const ran = view.steps.filter((s) => s.state === 'succeeded').length;
  const skipped = view.steps.filter((s) => s.state === 'skipped').length;
  const edited = view.steps.filter((s) => s.editedTo !== null).length;
  const headline =
    view.outcome === 'completed' ? `✅ Runbook finished: ${view.runbookTitle}` : `⛔ Run aborted: ${view.runbookTitle}`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(headline, LIMITS.headerText) },
    {
      type: 'section',
      text: mrkdwn(
        `${ran} done · ${skipped} skipped · ${edited} edited · ${seconds(view.durationMs)} · started by ${userRef(view.startedBy)}` +
          (view.abortedBy ? ` · aborted by ${userRef(view.abortedBy)}` : '') +
          (view.dryRun ? ' · dry run' : ''),
      ),
    },
  ];
  const lines = view.steps.map((s) => {
    const parts = [
      `${STATE_ICON[s.state] ?? '•'} ${s.index}. ${esc(truncate(s.title, 80))}`,
      s.durationMs !== null ? seconds(s.durationMs) : null,
      s.exitCode !== null && s.exitCode !== 0 ? `exit ${s.exitCode}` : null,
      s.approvedBy.length ? `approved by ${s.approvedBy.map(userRef).join(', ')}` : null,
      s.editedTo !== null ? 'edited' : null,
    ].filter(Boolean);
    return parts.join(' · ');
  });
  // Sections hold 3,000 characters; long runs are split over several.
  let chunk = '';
  for (const line of lines) {
    if (chunk.length + line.length + 1 > 2900) {
      blocks.push({ type: 'section', text: mrkdwn(chunk) });
      chunk = '';
    }
    chunk += `${line}\n`;
  }
  if (chunk) blocks.push({ type: 'section', text: mrkdwn(chunk) });
  if (view.suggestions.length > 0) {
    blocks.push({ type: 'divider' });
    blocks.push({
      type: 'section',
      text: mrkdwn(
        truncate(
          `*Suggested runbook edits*\n${view.suggestions.map((s) => `• ${esc(s)}`).join('\n')}`,
          LIMITS.sectionText,
        ),
      ),
    });
  }
  return { text: headline, blocks: blocks.slice(0, LIMITS.blocksPerMessage) };
}
