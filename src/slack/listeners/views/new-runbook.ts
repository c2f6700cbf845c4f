import type { ViewSubmitAction } from '@slack/bolt';
import type { View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import {
  compilingModal,
  newRunbookModal,
  newRunbookWithError,
  savedRunbookModal,
} from '../../../../blocks/new-runbook.js';
import { isDomainError } from '../../../lib/errors.js';
import { describeForUser } from '../../error-ui.js';
import { BLOCKS, VIEWS } from '../../ids.js';
import type { ListenerContext } from '../context.js';

export async function openNewRunbookModal(client: WebClient, triggerId: string): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view: newRunbookModal() });
}

/** Slack drops a submission not acknowledged within 3 s; past this the modal is acknowledged first and updated later. */
const ACK_BUDGET_MS = 2000;

type Saved = { ok: true; view: View } | { ok: false; message: string };

/** Pasted text → a new immutable version (for an author) → the modal shows what changed and the preview. */
export function registerNewRunbookModal(ctx: ListenerContext): void {
  ctx.app.view<ViewSubmitAction>(VIEWS.newRunbook, async ({ ack, body, view, client }) => {
    const text = view.state.values[BLOCKS.runbookTextInput]?.[BLOCKS.runbookTextAction]?.value ?? '';
    const saving = save(ctx, body, text);
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
    await ack({ response_action: 'update', view: compilingModal() });
    const late = await saving;
    // Field errors can only be set by an ack: the form comes back with the reason above it and the text kept.
    await client.views
      .update({ view_id: body.view.id, view: late.ok ? late.view : newRunbookWithError(text, late.message) })
      .catch((err: unknown) => ctx.logger.warn({ err }, 'could not show the compiled runbook in the modal'));
  });
}

async function save(ctx: ListenerContext, body: ViewSubmitAction, text: string): Promise<Saved> {
  try {
    const who = await ctx.services.tenants.principalOf(body);
    const { version, diff } = await ctx.services.runbooks.publish({
      tenantId: who.tenantId,
      text,
      sourceKind: 'slack',
      publisher: { kind: 'person', userId: who.userId },
    });
    const preview = await ctx.services.previewRunbook(who.tenantId, { slug: version.slug });
    return { ok: true, view: savedRunbookModal({ version: version.version, changes: diff?.lines ?? [], preview }) };
  } catch (err) {
    return {
      ok: false,
      message: isDomainError(err) ? err.message : describeForUser(err, ctx.logger, { surface: 'new_runbook' }),
    };
  }
}
