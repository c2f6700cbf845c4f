import type { ViewSubmitAction } from '@slack/bolt';
import type { View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { plain } from '../../../../blocks/text.js';
import { isDomainError } from '../../../lib/errors.js';
import { BLOCKS, VIEWS } from '../../ids.js';
import { describeForUser } from '../../error-ui.js';
import type { ListenerContext } from '../context.js';

const NEW_RUNBOOK_VIEW: View = {
  type: 'modal',
  callback_id: VIEWS.newRunbook,
  title: plain('New runbook', 24),
  submit: plain('Compile and save', 24),
  close: plain('Cancel', 24),
  blocks: [
    {
      type: 'input',
      block_id: BLOCKS.runbookTextInput,
      label: plain('Paste the runbook', 2000),
      hint: plain('Markdown (with front matter), Confluence or Notion HTML, or wiki text with $ prompts. Up to 3,000 characters here; longer runbooks go in the runbooks/ folder or POST /api/runbooks.', 2000),
      element: { type: 'plain_text_input', action_id: BLOCKS.runbookTextAction, multiline: true, max_length: 3000 },
    },
  ],
};

export async function openNewRunbookModal(client: WebClient, triggerId: string): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view: NEW_RUNBOOK_VIEW });
}

/** Pasted text → a new immutable version → the modal turns into its preview (or shows what is wrong). */
export function registerNewRunbookModal(ctx: ListenerContext): void {
  ctx.app.view<ViewSubmitAction>(VIEWS.newRunbook, async ({ ack, body, view }) => {
    const text = view.state.values[BLOCKS.runbookTextInput]?.[BLOCKS.runbookTextAction]?.value ?? '';
    const tenantId = body.team?.id ?? body.user.team_id ?? '';
    try {
      const { version } = await ctx.services.runbooks.addVersion({ tenantId, text, sourceKind: 'slack', createdBy: body.user.id });
      const blocks = await ctx.services.previewRunbook(tenantId, { slug: version.slug });
      await ack({
        response_action: 'update',
        view: { type: 'modal', title: plain(`Saved v${version.version}`, 24), close: plain('Done', 24), blocks: blocks.slice(0, 100) },
      });
    } catch (err) {
      const message = isDomainError(err) ? err.message : describeForUser(err, ctx.logger, { surface: 'new_runbook' });
      await ack({ response_action: 'errors', errors: { [BLOCKS.runbookTextInput]: message.slice(0, 2000) } });
    }
  });
}
