import type { BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { whyModal } from '../../../../blocks/copilot-why.js';
import { feedbackNoteModal } from '../../../../blocks/feedback.js';
import type { Principal } from '../../../governance/authorizer.js';
import { DomainError } from '../../../lib/errors.js';
import { decodeValue } from '../../codecs.js';
import { describeForUser, tellPrivately } from '../../error-ui.js';
import { ACTIONS, BLOCKS, VIEWS } from '../../ids.js';
import type { ListenerContext } from '../context.js';

const RATE = new RegExp(`^${ACTIONS.copilotRate}_[1-5]$`);
const RUN_RATE = new RegExp(`^${ACTIONS.runFeedback}_[1-5]$`);
const forged = () => new DomainError('invalid_input', 'This button was not made by Runbook Copilot; nothing was done.');

type ButtonArgs = { body: BlockAction<ButtonAction>; action: ButtonAction; client: WebClient; who: Principal };

/**
 * Registers one button: ack at once, read who pressed it, run `handle`; a failure is told
 * privately to the person who pressed.
 */
function onButton(
  ctx: ListenerContext,
  id: string | RegExp,
  name: string,
  handle: (args: ButtonArgs) => Promise<void>,
) {
  ctx.app.action<BlockAction<ButtonAction>>(id, async ({ ack, body, action, client }) => {
    await ack();
    try {
      const who = await ctx.services.tenants.principalOf(body);
      await handle({ body, action, client, who });
    } catch (err) {
      const text = describeForUser(err, ctx.logger, { action: name });
      await tellPrivately(client, ctx.logger, { channel: body.channel?.id, user: body.user.id }, text);
    }
  });
}

/** "Why?" opens the turn's audit bundle; 1–5 rates an answer; the run card rates a run, then offers a note. */
export function registerCopilotButtons(ctx: ListenerContext): void {
  onButton(ctx, ACTIONS.copilotWhy, 'copilot_why', async ({ body, action, client, who }) => {
    const value = decodeValue('turn', action.value);
    if (!value) throw forged();
    const view = await ctx.services.copilot.why(who, value.t);
    await client.views.open({ trigger_id: body.trigger_id, view: whyModal(view) });
  });
  onButton(ctx, ACTIONS.startProposal, 'copilot_start_proposal', async ({ action, who }) => {
    const value = decodeValue('proposal', action.value);
    if (!value) throw forged();
    await ctx.services.copilot.startProposal(who, value.p);
  });
  onButton(ctx, RATE, 'copilot_rate', async ({ body, action, client, who }) => {
    const value = decodeValue('rate', action.value);
    if (!value) throw forged();
    await ctx.services.copilot.rateAnswer(who, value.t, value.r);
    const thanks = `Thanks: you rated this answer ${value.r}/5.`;
    await tellPrivately(client, ctx.logger, { channel: body.channel?.id, user: body.user.id }, thanks);
  });
  onButton(ctx, RUN_RATE, 'run_feedback', async ({ body, action, client, who }) => {
    const value = decodeValue('runRate', action.value);
    if (!value) throw forged();
    await ctx.services.copilot.rateRun(who, value.e, value.r, null);
    await client.views.open({ trigger_id: body.trigger_id, view: feedbackNoteModal(value.e, value.r) });
  });
  registerFeedbackNote(ctx);
}

/** The optional note after rating a run. */
function registerFeedbackNote(ctx: ListenerContext): void {
  ctx.app.view<ViewSubmitAction>(VIEWS.feedbackNote, async ({ ack, body, view }) => {
    await ack();
    try {
      const who = await ctx.services.tenants.principalOf(body);
      const value = decodeValue('runRate', view.private_metadata);
      if (!value) throw forged();
      const note = view.state.values[BLOCKS.feedbackNote]?.[BLOCKS.feedbackNoteAction]?.value ?? null;
      await ctx.services.copilot.rateRun(who, value.e, value.r, note?.trim() ? note.trim() : null);
    } catch (err) {
      ctx.logger.warn({ err }, 'could not save a feedback note');
    }
  });
}
