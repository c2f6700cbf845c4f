import type { KnownBlock } from '@slack/types';
import { encodeValue } from '../src/slack/codecs.js';
import { ACTIONS } from '../src/slack/ids.js';
import { esc, LIMITS, mrkdwn, plain, truncate, userRef } from './text.js';

export interface BranchChoiceView {
  executionId: string;
  branchKey: string;
  question: string;
  options: Array<{ label: string; steps: number }>;
  chosen: { option: number; by: string } | null;
}

/**
 * Where a runbook forks: the engineer picks the option that applies; the other options'
 * steps are skipped. Never a sequence that runs both.
 */
export function branchChoiceMessage(view: BranchChoiceView): { text: string; blocks: KnownBlock[] } {
  const question = esc(truncate(view.question, 500));
  if (view.chosen) {
    const label = esc(view.options[view.chosen.option]?.label ?? `option ${view.chosen.option + 1}`);
    const text = `🔀 ${question} → *${label}* (chosen by ${userRef(view.chosen.by)}; the other options are skipped)`;
    return { text: `🔀 ${question}: ${label}`, blocks: [{ type: 'section', text: mrkdwn(text) }] };
  }
  const lines = view.options.map(
    (o, i) => `${i + 1}. ${esc(truncate(o.label, 200))} (${o.steps} step${o.steps === 1 ? '' : 's'})`,
  );
  return {
    text: `🔀 Choose: ${question}`,
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `🔀 *The runbook forks here.* ${question}\n${lines.join('\n')}\nPick the one that applies; the others are skipped.`,
        ),
      },
      {
        type: 'actions',
        elements: view.options.slice(0, 5).map((o, i) => ({
          type: 'button' as const,
          action_id: `${ACTIONS.chooseBranch}_${i}`,
          text: plain(truncate(o.label, 70), LIMITS.buttonText),
          value: encodeValue('choice', { e: view.executionId, k: view.branchKey, o: i }),
        })),
      },
    ],
  };
}
