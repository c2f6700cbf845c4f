import type { KnownBlock, View } from '@slack/types';
import { encodeValue } from '../src/slack/codecs.js';
import { ACTIONS, BLOCKS, VIEWS } from '../src/slack/ids.js';
import { esc, LIMITS, mrkdwn, plain } from './text.js';

/** The end-of-run card: how did the run (and the copilot) help, 1–5. */
export function runFeedbackCard(executionId: string): { text: string; blocks: KnownBlock[] } {
  return {
    text: 'How did this run go? Rate it 1–5.',
    blocks: [
      { type: 'section', text: mrkdwn('*How did this run go?* Rate it 1 (poor) to 5 (great); you can add a note.') },
      {
        type: 'actions',
        block_id: 'run_feedback',
        elements: [1, 2, 3, 4, 5].map((r) => ({
          type: 'button' as const,
          action_id: `${ACTIONS.runFeedback}_${r}`,
          text: { type: 'plain_text' as const, text: `${r}` },
          value: encodeValue('runRate', { e: executionId, r }),
        })),
      },
    ],
  };
}

export function feedbackNoteModal(executionId: string, rating: number): View {
  return {
    type: 'modal',
    callback_id: VIEWS.feedbackNote,
    private_metadata: encodeValue('runRate', { e: executionId, r: rating }),
    title: plain('Run feedback', LIMITS.modalTitle),
    submit: plain('Save note', 24),
    close: plain('Skip', 24),
    blocks: [
      { type: 'section', text: mrkdwn(`Thanks: you rated this run *${rating}/5*. Anything to add?`) },
      {
        type: 'input',
        block_id: BLOCKS.feedbackNote,
        optional: true,
        label: plain('Note (optional)', 50),
        element: { type: 'plain_text_input', action_id: BLOCKS.feedbackNoteAction, multiline: true, max_length: 1000 },
      },
    ],
  };
}

export interface TrendRow {
  team: string;
  week: string;
  cards: number;
  average: number;
}

/** `/runbook feedback`: the rating per team per week. */
export function feedbackTrendMessage(rows: TrendRow[]): { text: string; blocks: KnownBlock[] } {
  if (rows.length === 0) {
    const text = 'No feedback cards yet. Rate copilot answers (1–5) and runs to see the trend here.';
    return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
  }
  const byTeam = new Map<string, TrendRow[]>();
  for (const r of rows) byTeam.set(r.team, [...(byTeam.get(r.team) ?? []), r]);
  const lines = [...byTeam].map(
    ([team, weeks]) =>
      `*${esc(team)}*: ${weeks.map((w) => `${w.week} ${w.average.toFixed(1)}★ (${w.cards})`).join(' · ')}`,
  );
  return {
    text: 'Feedback trend per team per week',
    blocks: [
      { type: 'section', text: mrkdwn('*Feedback trend* (average rating per week, newest first)') },
      { type: 'section', text: mrkdwn(lines.join('\n')) },
    ],
  };
}

/** App Home: the same trend, under its own header; nothing when there are no cards yet. */
export function feedbackTrendHomeBlocks(rows: TrendRow[]): KnownBlock[] {
  if (rows.length === 0) return [];
  const message = feedbackTrendMessage(rows);
  return [{ type: 'header', text: plain('Feedback (rating per week)', LIMITS.headerText) }, ...message.blocks.slice(1)];
}
