import type { BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import { grantRoleModal } from '../../../../blocks/roles.js';
import type { RoleName } from '../../../governance/authz-table.js';
import { DomainError } from '../../../lib/errors.js';
import { describeForUser, modalError } from '../../error-ui.js';
import { ACTIONS, BLOCKS, VIEWS } from '../../ids.js';
import { parsePrincipalRef } from '../commands/principal-ref.js';
import type { ListenerContext } from '../context.js';
import { publishHome } from '../events/app-home.js';

/** App Home: an admin grants a role to a person or a user group. */
export function registerGrantRole(ctx: ListenerContext): void {
  ctx.app.action<BlockAction<ButtonAction>>(ACTIONS.openGrantRole, async ({ ack, body, client }) => {
    await ack();
    try {
      const who = await ctx.services.tenants.principalOf(body);
      await ctx.services.authz.require(who, 'roles.manage');
      await client.views.open({ trigger_id: body.trigger_id, view: grantRoleModal() });
    } catch (err) {
      const text = describeForUser(err, ctx.logger, { action: 'grant_open' });
      await client.chat.postMessage({ channel: body.user.id, text }).catch(() => undefined);
    }
  });

  ctx.app.view<ViewSubmitAction>(VIEWS.grantRole, async ({ ack, body, view, client }) => {
    const values = view.state.values;
    try {
      const who = await ctx.services.tenants.principalOf(body);
      const user = values[BLOCKS.grantUser]?.[BLOCKS.grantUserAction]?.selected_user ?? null;
      const group = values[BLOCKS.grantGroup]?.[BLOCKS.grantGroupAction]?.value?.trim() || null;
      const role = values[BLOCKS.grantRole]?.[BLOCKS.grantRoleAction]?.selected_option?.value as RoleName | undefined;
      if (!role) throw new DomainError('invalid_input', 'Choose a role.');
      if (Boolean(user) === Boolean(group))
        throw new DomainError('invalid_input', 'Choose a person, or type a user group’s handle (one of the two).');
      const ref = user
        ? { principalKind: 'user' as const, principalId: user }
        : await parsePrincipalRef(group!.startsWith('@') ? group! : `@${group}`, who.tenantId, ctx.services.directory);
      await ctx.services.authz.grant(who, { ...ref, role });
      await ack();
      await publishHome(ctx, client, who);
    } catch (err) {
      await ack(modalError(err, BLOCKS.grantRole, ctx.logger, { surface: 'grant_role' }));
    }
  });
}
