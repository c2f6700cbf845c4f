import type { KnownBlock } from '@slack/types';
import { codeBlock, esc, mrkdwn, truncate } from './text.js';

/**
 * A step the copilot proposed: the command, why, the risk level the classifier gave and
 * the gate it would need. It is a card, not a run: nothing here can start a command.
 */
export interface ProposalView {
  command: string;
  why: string;
  level: 'safe' | 'caution' | 'dangerous' | 'unknown';
  reasons: string[];
  gate: string;
  afterUntrusted: boolean;
}

const BADGE = { safe: '🟢 safe', caution: '🟡 caution', dangerous: '🔴 dangerous', unknown: '⬜ unknown' } as const;

export function proposalMessage(view: ProposalView): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(`💡 *Proposed step* (by the copilot) · *${BADGE[view.level]}*`) },
    { type: 'section', text: mrkdwn(codeBlock(view.command, 1500)) },
    { type: 'section', text: mrkdwn(`*Why:* ${esc(truncate(view.why, 500))}`) },
    {
      type: 'context',
      elements: [
        mrkdwn(
          truncate(
            `Gate if run: ${esc(view.gate)} · ${view.reasons.map(esc).join(' · ') || 'no reasons recorded'}`,
            2000,
          ),
        ),
      ],
    },
  ];
  if (view.afterUntrusted) {
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(
          '⚠️ Proposed after reading alert, runbook or command-output text, which anyone upstream can write: check it does what you expect.',
        ),
      ],
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn('Nothing has run. The copilot cannot run commands; a person decides, through the usual approvals.'),
    ],
  });
  return { text: `Proposed step (${BADGE[view.level]}): ${truncate(view.command, 150)}`, blocks };
}
