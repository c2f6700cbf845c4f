import type { View } from '@slack/types';
import { type RoleGrantView, type RoleName, rolesHomeBlocks } from './roles.js';
import type { RunbookListItem } from './runbook-list.js';
import { esc, LIMITS, mrkdwn, plain } from './text.js';

export interface AppHomeView {
  runbooks: RunbookListItem[];
  mode: 'strict' | 'audit';
  grants: RoleGrantView[];
  configAdmins: string[];
  isAdmin: boolean;
  myRoles: RoleName[];
}

/** The App Home tab: what the product is, your roles, the mode, the library, and (for admins) roles to manage. */
export function appHomeView(view: AppHomeView): View {
  const mine = view.myRoles.length ? view.myRoles.join(', ') : 'none yet: ask an admin (below)';
  const library = view.runbooks.length
    ? view.runbooks
        .slice(0, 25)
        .map((r) => `• ${r.locked ? '🔒 ' : ''}*${esc(r.title)}* · v${r.version} · ${r.steps} steps`)
        .join('\n')
    : 'The library is empty. Add a runbook with `/runbook new`.';
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: plain('Runbook Copilot', LIMITS.headerText) },
      {
        type: 'section',
        text: mrkdwn(
          'When an alert fires, the matching runbook opens a thread in the incident channel and walks you through it step by step. ' +
            'Every command gets a risk level: 🟢 safe · 🟡 caution · 🔴 dangerous · ⬜ unknown.',
        ),
      },
      { type: 'section', text: mrkdwn(`*Your roles:* ${mine}\n*Governance mode:* ${view.mode}`) },
      { type: 'header', text: plain(`Runbooks (${view.runbooks.length})`, LIMITS.headerText) },
      { type: 'section', text: mrkdwn(library) },
      ...rolesHomeBlocks(view.grants, view.configAdmins, view.isAdmin),
    ].slice(0, LIMITS.blocksPerView),
  };
}
