import type { WebClient } from '@slack/web-api';
import { esc } from '../../../../blocks/text.js';
import { withLogContext } from '../../../lib/log-context.js';
import { describeForUser } from '../../error-ui.js';
import { SLASH_COMMAND } from '../../ids.js';
import type { ListenerContext } from '../context.js';
import { subcommands } from './subcommands.js';

export { subcommands } from './subcommands.js';

/** `/runbook <subcommand>`: ack (with the answer when it needs no I/O), then one service call. */
export function registerRunbookCommand(
  ctx: ListenerContext,
  openNewRunbook: (client: WebClient, triggerId: string) => Promise<void>,
): void {
  ctx.app.command(SLASH_COMMAND, async ({ command, ack, respond, client }) => {
    const text = command.text.trim();
    const name = (text.split(/\s+/)[0] || 'help').toLowerCase();
    const args = text.slice(name.length).trim();
    const sub = subcommands((triggerId) => openNewRunbook(client, triggerId))[name];
    if (!sub) {
      await ack({ response_type: 'ephemeral', text: `Unknown subcommand \`${esc(name)}\`. Try \`/runbook help\`.` });
      return;
    }
    if (sub.inAck) {
      const who = { tenantId: command.team_id, userId: command.user_id, triggerId: command.trigger_id };
      await ack({ response_type: 'ephemeral', ...(await sub.run(args, who, ctx.services)) });
      return;
    }
    await ack();
    try {
      const who = { ...(await ctx.services.tenants.principalOf(command)), triggerId: command.trigger_id };
      const bindings = { tenantId: who.tenantId, slackUserId: who.userId, action: `/runbook ${name}` };
      const reply = await withLogContext(bindings, () => sub.run(args, who, ctx.services));
      if (name !== 'new') await respond({ response_type: 'ephemeral', ...reply });
    } catch (err) {
      await respond({ response_type: 'ephemeral', text: describeForUser(err, ctx.logger, { command: name }) });
    }
  });
}
