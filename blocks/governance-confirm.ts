import type { KnownBlock } from '@slack/types';
import { type CodecValue, encodeValue } from '../src/slack/codecs.js';
import { ACTIONS } from '../src/slack/ids.js';
import { esc, LIMITS, mrkdwn, plain } from './text.js';

/**
 * The question a governance change asks before it happens: what will change, for whom,
 * and one button that does exactly that (its value says what was confirmed).
 */
export function governanceConfirmPrompt(view: {
  question: string;
  detail: string;
  button: string;
  value: CodecValue<'governance'>;
  danger: boolean;
}): { text: string; blocks: KnownBlock[] } {
  return {
    text: esc(view.question),
    blocks: [
      { type: 'section', text: mrkdwn(`*${esc(view.question)}*\n${view.detail}`) },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ACTIONS.confirmGovernance,
            text: plain(view.button, LIMITS.buttonText),
            value: encodeValue('governance', view.value),
            ...(view.danger ? { style: 'danger' as const } : { style: 'primary' as const }),
          },
        ],
      },
      { type: 'context', elements: [mrkdwn('Only you see this. Nothing changes until you press the button.')] },
    ],
  };
}
