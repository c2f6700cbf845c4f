import type { KnownBlock, View } from '@slack/types';
import { encodeValue } from '../src/slack/codecs.js';
import { ACTIONS } from '../src/slack/ids.js';
import { feedbackTrendHomeBlocks, type TrendRow } from './feedback.js';
import { type HomeIncidentsView, homeIncidentBlocks } from './home-incidents.js';
import { type RoleGrantView, type RoleName, rolesHomeBlocks } from './roles.js';
import type { RunbookListItem } from './runbook-list.js';
import { esc, LIMITS, mrkdwn, plain, userRef } from './text.js';

export interface AppHomeView {
  /** Null: the person may not read the library (no viewer role). */
  runbooks: RunbookListItem[] | null;
  mode: 'strict' | 'audit';
  grants: RoleGrantView[];
  configAdmins: string[];
  isAdmin: boolean;
  myRoles: RoleName[];
  /** The panic switch: null when off, else who pulled it and why. */
  panic: { pulledBy: string; reason: string | null; scope: 'global' | 'tenant' } | null;
  canPullPanic: boolean;
  /** The copilot and run ratings per team per week (feedback cards); none yet → no section. */
  feedbackTrend?: TrendRow[];
  /** Approvals, live runs, incidents and the catalogue; null for someone who may not see them. */
  incidents?: HomeIncidentsView | null;
}

/** The panic switch: its state, and the button this person may press (pull, or lift for admins). */
function panicBlocks(view: AppHomeView): KnownBlock[] {
  const state = view.panic
    ? `🛑 *The panic switch is on* (${view.panic.scope === 'global' ? 'whole install' : 'this workspace'}), pulled by ${userRef(view.panic.pulledBy)}${view.panic.reason ? `: ${esc(view.panic.reason)}` : ''}. Nothing runs until an admin lifts it.`
    : '✅ The panic switch is off.';
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(state) }];
  const pull = !view.panic && view.canPullPanic;
  const lift = view.panic?.scope === 'tenant' && view.isAdmin;
  if (!pull && !lift) return blocks;
  blocks.push({
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: ACTIONS.confirmGovernance,
        text: plain(pull ? '🛑 Stop everything (panic)' : 'Lift the panic switch', LIMITS.buttonText),
        value: encodeValue('governance', { k: 'panic', on: pull, why: pull ? 'pulled from the App Home' : null }),
        ...(pull ? { style: 'danger' as const } : {}),
        confirm: {
          title: plain(pull ? 'Stop everything?' : 'Lift the panic switch?', 100),
          text: mrkdwn(
            pull
              ? 'Every running command is killed and every run halts in this workspace, until an admin lifts the switch.'
              : 'Runs may go on again; halted steps wait for a person to retry them.',
          ),
          confirm: plain(pull ? 'Stop everything' : 'Lift it', 30),
          deny: plain('Cancel', 30),
          ...(pull ? { style: 'danger' as const } : {}),
        },
      },
    ],
  });
  return blocks;
}

/** The App Home tab: what the product is, your roles, the mode, the library, and (for admins) roles to manage. */
export function appHomeView(view: AppHomeView): View {
  const mine = view.myRoles.length ? view.myRoles.join(', ') : 'none yet: ask an admin (below)';
  const runbooks = view.runbooks ?? [];
  const library = !view.runbooks
    ? 'You need the *viewer* role to see the library: ask an admin (below).'
    : runbooks.length
      ? runbooks
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
      ...panicBlocks(view),
      ...(view.incidents
        ? homeIncidentBlocks(view.incidents)
        : [
            {
              type: 'header',
              text: plain(view.runbooks ? `Runbooks (${runbooks.length})` : 'Runbooks', LIMITS.headerText),
            } as KnownBlock,
            { type: 'section', text: mrkdwn(library) } as KnownBlock,
          ]),
      ...feedbackTrendHomeBlocks(view.feedbackTrend ?? []),
      ...rolesHomeBlocks(view.grants, view.configAdmins, view.isAdmin),
    ].slice(0, LIMITS.blocksPerView),
  };
}
