import type { ViewSubmitAction } from '@slack/bolt';
import type { InputBlock, PlainTextInput, View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { esc, plain } from '../../../../blocks/text.js';
import { isDomainError } from '../../../lib/errors.js';
import { describeForUser } from '../../error-ui.js';
import { BLOCKS, VIEWS } from '../../ids.js';
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
      hint: plain(
        'Markdown (with front matter), Confluence or Notion HTML, or wiki text with $ prompts. Up to 3,000 characters here; longer runbooks go in the runbooks/ folder or POST /api/runbooks.',
        2000,
      ),
      element: { type: 'plain_text_input', action_id: BLOCKS.runbookTextAction, multiline: true, max_length: 3000 },
    },
  ],
};

export async function openNewRunbookModal(client: WebClient, triggerId: string): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view: NEW_RUNBOOK_VIEW });
}

/** Slack drops a submission not acknowledged within 3 s; past this the modal is acknowledged first and updated later. */
const ACK_BUDGET_MS = 2000;

type Saved = { ok: true; view: View } | { ok: false; message: string };

/** Pasted text → a new immutable version → the modal turns into its preview (or shows what is wrong). */
export function registerNewRunbookModal(ctx: ListenerContext): void {
  ctx.app.view<ViewSubmitAction>(VIEWS.newRunbook, async ({ ack, body, view, client }) => {
    const text = view.state.values[BLOCKS.runbookTextInput]?.[BLOCKS.runbookTextAction]?.value ?? '';
    const tenantId = body.team?.id ?? body.user.team_id ?? '';
    const saving = (async (): Promise<Saved> => {
      try {
        const { version } = await ctx.services.runbooks.addVersion({
          tenantId,
          text,
          sourceKind: 'slack',
          createdBy: body.user.id,
        });
        const blocks = await ctx.services.previewRunbook(tenantId, { slug: version.slug });
        return {
          ok: true,
          view: {
            type: 'modal',
            title: plain(`Saved v${version.version}`, 24),
            close: plain('Done', 24),
            blocks: blocks.slice(0, 100),
          },
        };
      } catch (err) {
        return {
          ok: false,
          message: isDomainError(err) ? err.message : describeForUser(err, ctx.logger, { surface: 'new_runbook' }),
        };
      }
    })();
    // The deterministic compiler answers in milliseconds; an LLM extraction can take longer than Slack waits.
    let timer: NodeJS.Timeout | undefined;
    const quick = await Promise.race([
      saving,
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ACK_BUDGET_MS))),
    ]);
    clearTimeout(timer);
    if (quick) {
      if (quick.ok) await ack({ response_action: 'update', view: quick.view });
      else
        await ack({ response_action: 'errors', errors: { [BLOCKS.runbookTextInput]: quick.message.slice(0, 2000) } });
      return;
    }
    await ack({ response_action: 'update', view: COMPILING_VIEW });
    const late = await saving;
    // Field errors can only be set by an ack: the form comes back with the reason above it and the text kept.
    await client.views
      .update({ view_id: body.view.id, view: late.ok ? late.view : formWithError(text, late.message) })
      .catch((err: unknown) => ctx.logger.warn({ err }, 'could not show the compiled runbook in the modal'));
  });
}

const COMPILING_VIEW: View = {
  type: 'modal',
  callback_id: VIEWS.newRunbook,
  title: plain('New runbook', 24),
  close: plain('Close', 24),
  blocks: [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: '⏳ Compiling and saving the runbook… the preview appears here in a moment.' },
    },
  ],
};

function formWithError(text: string, message: string): View {
  const input = NEW_RUNBOOK_VIEW.blocks[0] as InputBlock;
  return {
    ...NEW_RUNBOOK_VIEW,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `⚠️ ${esc(message).slice(0, 2900)}` } },
      { ...input, element: { ...(input.element as PlainTextInput), initial_value: text.slice(0, 3000) } },
    ],
  };
}
