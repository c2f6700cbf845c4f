import type { InputBlock, KnownBlock, PlainTextInput, View } from '@slack/types';
import { BLOCKS, VIEWS } from '../src/slack/ids.js';
import { esc, LIMITS, mrkdwn, plain, truncate } from './text.js';

const FORM: View = {
  type: 'modal',
  callback_id: VIEWS.newRunbook,
  title: plain('New runbook', LIMITS.modalTitle),
  submit: plain('Compile and save', LIMITS.modalTitle),
  close: plain('Cancel', LIMITS.modalTitle),
  blocks: [
    {
      type: 'input',
      block_id: BLOCKS.runbookTextInput,
      label: plain('Paste the runbook', 2000),
      hint: plain(
        'Markdown (with front matter), Confluence or Notion HTML, or wiki text with $ prompts. Up to 3,000 characters here; longer runbooks go in the runbooks/ folder or POST /api/runbooks.',
        2000,
      ),
      element: { type: 'plain_text_input', action_id: BLOCKS.runbookTextAction, multiline: true, max_length: 3000 },
    },
  ],
};

/** `/runbook new`: the empty form. */
export function newRunbookModal(): View {
  return FORM;
}

/** Shown while a slow (LLM) compile finishes after the submission was acknowledged. */
export function compilingModal(): View {
  return {
    type: 'modal',
    callback_id: VIEWS.newRunbook,
    title: plain('New runbook', LIMITS.modalTitle),
    close: plain('Close', LIMITS.modalTitle),
    blocks: [
      {
        type: 'section',
        text: mrkdwn('⏳ Compiling and saving the runbook… the preview appears here in a moment.'),
      },
    ],
  };
}

/** The form back with the reason above it and the pasted text kept. */
export function newRunbookWithError(text: string, message: string): View {
  const input = FORM.blocks[0] as InputBlock;
  return {
    ...FORM,
    blocks: [
      { type: 'section', text: mrkdwn(`⚠️ ${esc(message).slice(0, 2900)}`) },
      { ...input, element: { ...(input.element as PlainTextInput), initial_value: text.slice(0, 3000) } },
    ],
  };
}

/** The saved version: what changed since the previous one, then its preview. */
export function savedRunbookModal(view: { version: number; changes: string[]; preview: KnownBlock[] }): View {
  const changes = view.changes.length
    ? view.changes
        .slice(0, 12)
        .map((c) => `• ${esc(c)}`)
        .join('\n') + (view.changes.length > 12 ? `\n… and ${view.changes.length - 12} more changes` : '')
    : 'No change to steps or policy.';
  return {
    type: 'modal',
    title: plain(`Saved v${view.version}`, LIMITS.modalTitle),
    close: plain('Done', LIMITS.modalTitle),
    blocks: [
      { type: 'section', text: mrkdwn(truncate(`*What changed*\n${changes}`, LIMITS.sectionText)) },
      { type: 'divider' },
      ...view.preview.slice(0, LIMITS.blocksPerView - 2),
    ],
  };
}
