import type { KnownBlock, View } from '@slack/types';
import { encodeValue } from '../src/slack/codecs.js';
import { ACTIONS, BLOCKS, VIEWS } from '../src/slack/ids.js';
import { esc, LIMITS, mrkdwn, plain } from './text.js';

export type RoleName = 'viewer' | 'responder' | 'author' | 'approver' | 'admin';

export interface RoleGrantView {
  principalKind: 'user' | 'usergroup';
  principalId: string;
  role: RoleName;
  grantedBy: string;
}

export const ROLE_WORDS: Record<RoleName, string> = {
  viewer: 'reads runs, runbooks and the audit trail',
  responder:
    'starts runs, provides values, approves 🟢 steps, skips instructions, edits, retries, aborts, pulls the panic switch',
  author: 'a responder who also publishes and changes runbooks (trust level 0, no new approvers)',
  approver: 'a responder who also approves 🟡/⬜ steps and confirms 🔴 steps of runbooks that name no approvers',
  admin: 'everything: roles, governance mode, runbook locks and trust, lifting the panic switch',
};

function principal(g: { principalKind: 'user' | 'usergroup'; principalId: string }): string {
  return g.principalKind === 'user' ? `<@${g.principalId}>` : `<!subteam^${g.principalId}>`;
}

/** The roles of a workspace, grouped by role; config admins listed apart (they are set in SLACK_ADMIN_USER_IDS). */
export function rolesSummary(grants: RoleGrantView[], configAdmins: string[]): string {
  const order: RoleName[] = ['admin', 'approver', 'author', 'responder', 'viewer'];
  const lines = order.map((role) => {
    const holders = grants.filter((g) => g.role === role).map(principal);
    if (role === 'admin') holders.push(...configAdmins.map((u) => `<@${u}> (SLACK_ADMIN_USER_IDS)`));
    return `• *${role}*: ${holders.length ? holders.join(', ') : 'nobody'}`;
  });
  return lines.join('\n');
}

/** `/runbook roles`: who holds what, and how to change it. */
export function rolesMessage(grants: RoleGrantView[], configAdmins: string[]): { text: string } {
  return {
    text:
      `*Roles in this workspace*\n${rolesSummary(grants, configAdmins)}\n\n` +
      'Admins change them: `/runbook roles grant @someone approver`, `/runbook roles revoke @sre-leads responder` ' +
      '(a user or a user group), or in the App Home.',
  };
}

/** App Home section: each grant with a Revoke button (admins only), and a Grant button. */
export function rolesHomeBlocks(grants: RoleGrantView[], configAdmins: string[], isAdmin: boolean): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'header', text: plain('Roles', LIMITS.headerText) }];
  blocks.push({ type: 'section', text: mrkdwn(rolesSummary(grants, configAdmins)) });
  if (!isAdmin) {
    blocks.push({ type: 'context', elements: [mrkdwn('Only admins change roles.')] });
    return blocks;
  }
  for (const g of grants.slice(0, 20)) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `${principal(g)} · *${g.role}* · granted by ${g.grantedBy.startsWith('U') ? `<@${g.grantedBy}>` : esc(g.grantedBy)}`,
      ),
      accessory: {
        type: 'button',
        action_id: ACTIONS.confirmGovernance,
        text: plain('Revoke', LIMITS.buttonText),
        style: 'danger',
        value: encodeValue('governance', { k: 'revoke', p: g.principalKind, id: g.principalId, role: g.role }),
        confirm: {
          title: plain('Revoke this role?', 100),
          text: mrkdwn(`${principal(g)} loses the *${g.role}* role.`),
          confirm: plain('Revoke', 30),
          deny: plain('Keep it', 30),
        },
      },
    });
  }
  blocks.push({
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: ACTIONS.openGrantRole,
        text: plain('Grant a role', LIMITS.buttonText),
        style: 'primary',
      },
    ],
  });
  return blocks;
}

/** The grant modal: a person or a user group's handle, and a role. */
export function grantRoleModal(): View {
  const options = (['viewer', 'responder', 'author', 'approver', 'admin'] as RoleName[]).map((r) => ({
    text: plain(r, 75),
    description: plain(ROLE_WORDS[r], 75),
    value: r,
  }));
  return {
    type: 'modal',
    callback_id: VIEWS.grantRole,
    title: plain('Grant a role', LIMITS.modalTitle),
    submit: plain('Grant', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    blocks: [
      {
        type: 'input',
        block_id: BLOCKS.grantUser,
        optional: true,
        label: plain('A person', 2000),
        element: { type: 'users_select', action_id: BLOCKS.grantUserAction },
      },
      {
        type: 'input',
        block_id: BLOCKS.grantGroup,
        optional: true,
        label: plain('Or a user group', 2000),
        hint: plain('Its handle, such as @sre-oncall-leads', 2000),
        element: { type: 'plain_text_input', action_id: BLOCKS.grantGroupAction, max_length: 80 },
      },
      {
        type: 'input',
        block_id: BLOCKS.grantRole,
        label: plain('Role', 2000),
        element: { type: 'static_select', action_id: BLOCKS.grantRoleAction, options },
      },
    ],
  };
}
