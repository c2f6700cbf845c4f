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
  dry_run: '🧪',
  marked_done: '☑️',
  halted: '🛑',
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

/** The counts line: every number says what really happened (a dry run is not "done"). */
function countsLine(view: ExecutionSummaryView): string {
  const count = (state: string) => view.steps.filter((s) => s.state === state).length;
  const parts = [
    `${count('succeeded')} ran`,
    count('dry_run') ? `${count('dry_run')} 🧪 not executed (dry run)` : null,
    count('marked_done') ? `${count('marked_done')} marked done by a person` : null,
    `${count('skipped')} skipped`,
    `${view.steps.filter((s) => s.editedTo !== null).length} edited`,
    count('rolled_back') ? `${count('rolled_back')} rolled back` : null,
    notExecuted(view).length ? `${notExecuted(view).length} not executed` : null,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** Steps an abort ended before anything happened to them: one line for all, not one each. */
function notExecuted(view: ExecutionSummaryView): SummaryStepView[] {
  return view.steps.filter((s) => s.state === 'aborted' && s.durationMs === null && s.approvedBy.length === 0);
}

function stepLine(s: SummaryStepView): string {
  return [
    `${STATE_ICON[s.state] ?? '•'} ${s.index}. ${esc(truncate(s.title, 80, '…'))}`,
    s.state === 'dry_run' ? 'not executed (dry run)' : null,
    s.state === 'marked_done' ? 'marked done by a person' : null,
    s.durationMs !== null && s.state !== 'dry_run' ? seconds(s.durationMs) : null,
    s.exitCode !== null && s.exitCode !== 0 ? `exit ${s.exitCode}` : null,
    s.approvedBy.length ? `approved by ${s.approvedBy.map(userRef).join(', ')}` : null,
    s.editedTo !== null ? 'edited' : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** End-of-run summary: what ran, what was skipped or edited, how long, who approved what. */
export function executionSummaryMessage(view: ExecutionSummaryView): { text: string; blocks: KnownBlock[] } {
  const headline =
    view.outcome === 'completed' ? `✅ Runbook finished: ${view.runbookTitle}` : `⛔ Run aborted: ${view.runbookTitle}`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(headline, LIMITS.headerText) },
    {
      type: 'section',
      text: mrkdwn(
        `${countsLine(view)} · ${seconds(view.durationMs)} · started by ${userRef(view.startedBy)}` +
          (view.abortedBy ? ` · aborted by ${userRef(view.abortedBy)}` : '') +
          (view.dryRun ? ' · 🧪 dry run: nothing was executed' : ''),
      ),
    },
  ];
  const skippedByAbort = new Set(notExecuted(view).map((s) => s.index));
  const lines = view.steps.filter((s) => !skippedByAbort.has(s.index)).map(stepLine);
  if (skippedByAbort.size > 0) lines.push(`⛔ ${rangeWords([...skippedByAbort])}: not executed (the run was aborted)`);
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
  return { text: esc(headline), blocks: blocks.slice(0, LIMITS.blocksPerMessage) };
}

/** "Step 4", "Steps 4–11", "Steps 2, 5–7". */
function rangeWords(indexes: number[]): string {
  const sorted = [...indexes].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const from = sorted[i]!;
    while (i + 1 < sorted.length && sorted[i + 1] === sorted[i]! + 1) i++;
    ranges.push(sorted[i] === from ? `${from}` : `${from}–${sorted[i]}`);
  }
  return `${sorted.length === 1 ? 'Step' : 'Steps'} ${ranges.join(', ')}`;
}
