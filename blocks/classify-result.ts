import type { KnownBlock } from '@slack/types';
import { codeBlock, esc, LIMITS, mrkdwn, truncate } from './text.js';

export interface ClassifyResultView {
  command: string;
  level: 'safe' | 'caution' | 'dangerous' | 'unknown';
  target: string | null;
  reasons: Array<{ ruleId: string; level: string; message: string; segment: string }>;
}

const BADGE = { safe: '🟢 safe', caution: '🟡 caution', dangerous: '🔴 dangerous', unknown: '⬜ unknown' } as const;

/** `/runbook classify <command>`: the level and every reason, for the person who asked. */
export function classifyResultMessage(view: ClassifyResultView): { text: string; blocks: KnownBlock[] } {
  const reasons = view.reasons
    .slice(0, 15)
    .map(
      (r) =>
        `• ${BADGE[r.level as keyof typeof BADGE] ?? r.level} \`${esc(r.ruleId)}\` on \`${esc(truncate(r.segment, 120))}\`: ${esc(r.message)}`,
    )
    .join('\n');
  return {
    text: `${BADGE[view.level]}: ${esc(truncate(view.command, 200))}`,
    blocks: [
      {
        type: 'section',
        text: mrkdwn(`*${BADGE[view.level]}*${view.target ? ` · target \`${esc(view.target)}\`` : ''}`),
      },
      { type: 'section', text: mrkdwn(codeBlock(view.command, 1500)) },
      { type: 'section', text: mrkdwn(truncate(reasons || 'No reasons recorded.', LIMITS.sectionText)) },
    ],
  };
}
