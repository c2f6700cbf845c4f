import type { KnownBlock } from '@slack/types';
import { encodeValue } from '../src/slack/codecs.js';
import { ACTIONS } from '../src/slack/ids.js';
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
  proposalId: string;
  /** Once a person started it: who, so the card stops offering it. */
  startedBy?: string | null;
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
  blocks.push(...startBlocks(view));
  return { text: `Proposed step (${BADGE[view.level]}): ${truncate(view.command, 150)}`, blocks };
}

/** Start offers the proposal to a person; once started, the card says by whom. */
function startBlocks(view: ProposalView): KnownBlock[] {
  if (view.startedBy) {
    return [
      {
        type: 'context',
        elements: [
          mrkdwn(`▶ <@${view.startedBy}> started it as a one-step run below; its step is gated like any other.`),
        ],
      },
    ];
  }
  return [
    {
      type: 'context',
      elements: [
        mrkdwn('Nothing has run. The copilot cannot run commands; a person decides, through the usual approvals.'),
      ],
    },
    {
      type: 'actions',
      block_id: 'copilot_proposal',
      elements: [
        {
          type: 'button',
          action_id: ACTIONS.startProposal,
          text: { type: 'plain_text', text: '▶ Start as a one-step run' },
          value: encodeValue('proposal', { p: view.proposalId }),
        },
      ],
    },
  ];
}
