import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Principal } from '../../../governance/authorizer.js';
import { DomainError } from '../../../lib/errors.js';
import { type CodecValue, decodeValue } from '../../codecs.js';
import { describeForUser } from '../../error-ui.js';
import { ACTIONS } from '../../ids.js';
import type { ListenerContext, SlackServices } from '../context.js';
import { publishHome } from '../events/app-home.js';

/**
 * The confirmed button of a governance change: the change happens now, exactly as the
 * button's value says, checked against the clicker's role (not the asker's).
 */
export function registerGovernanceConfirm(ctx: ListenerContext): void {
  ctx.app.action<BlockAction<ButtonAction>>(
    ACTIONS.confirmGovernance,
    async ({ ack, body, action, respond, client }) => {
      await ack();
      const fromHome = body.container?.type === 'view';
      try {
        const who = await ctx.services.tenants.principalOf(body);
        const value = decodeValue('governance', action.value);
        if (!value)
          throw new DomainError('invalid_input', 'This button was not made by Runbook Copilot; nothing was done.');
        const outcome = await apply(ctx.services, who, value);
        if (fromHome) await publishHome(ctx, client, who);
        else await respond({ replace_original: true, text: outcome });
      } catch (err) {
        const text = describeForUser(err, ctx.logger, { action: 'governance_confirm' });
        if (fromHome) await client.chat.postMessage({ channel: body.user.id, text }).catch(() => undefined);
        else await respond({ replace_original: false, response_type: 'ephemeral', text });
      }
    },
  );
}

async function apply(services: SlackServices, who: Principal, value: CodecValue<'governance'>): Promise<string> {
  switch (value.k) {
    case 'mode': {
      const { previous } = await services.admin.switchMode(who, value.m);
      return previous === value.m
        ? `Governance mode was already *${value.m}*.`
        : `✅ Governance mode is now *${value.m}* (was ${previous}).`;
    }
    case 'lock': {
      const title = await services.admin.setLocked(who, value.slug, value.on, value.why);
      return value.on ? `🔒 *${title}* is locked: no new runs start from it.` : `🔓 *${title}* is unlocked.`;
    }
    case 'revoke': {
      await services.authz.revoke(who, { principalKind: value.p, principalId: value.id, role: value.role });
      return `✅ Revoked the *${value.role}* role.`;
    }
    case 'panic': {
      const actor = { kind: 'person' as const, tenantId: who.tenantId, userId: who.userId };
      if (value.on) {
        const { halted } = await services.panic.pull(actor, value.why);
        return `🛑 Panic switch pulled: every running command was stopped and ${halted} step(s) halted.`;
      }
      return (await services.panic.lift(actor)) ? '✅ The panic switch is lifted.' : 'The panic switch was not on.';
    }
  }
}
