import type { RoleName } from '../db/types.js';

/**
 * The authorization table: every action a person can take, and the least role it needs.
 * One table, read by the one authorizer every edge goes through (buttons, modals, slash
 * commands, HTTP routes, CLI). docs/authorization.md prints it for people.
 */
export const ROLES: readonly RoleName[] = ['viewer', 'responder', 'author', 'approver', 'admin'];
export type { RoleName };

/** A role holds the actions of the roles it includes. */
const INCLUDES: Record<RoleName, RoleName[]> = {
  viewer: [],
  responder: ['viewer'],
  author: ['responder'],
  approver: ['responder'],
  admin: ['author', 'approver'],
};

/** Every role a set of granted roles amounts to. */
export function effectiveRoles(granted: Iterable<RoleName>): Set<RoleName> {
  const out = new Set<RoleName>();
  const visit = (role: RoleName) => {
    if (out.has(role)) return;
    out.add(role);
    for (const included of INCLUDES[role]) visit(included);
  };
  for (const role of granted) visit(role);
  return out;
}

export const AUTHZ_TABLE = {
  'run.start': 'responder',
  /** Where a runbook forks, pick the option that applies (every step of it is still gated). */
  'run.choose': 'responder',
  'step.provide_variables': 'responder',
  /** 🟢 steps that still need a human click (strict mode, trust level 0). */
  'step.approve_safe': 'responder',
  /** 🟡 and ⬜ steps, and click-gated rollbacks: the runbook's approvers (see below). */
  'step.approve': 'approver',
  /** 🔴 steps: the runbook's approvers, and never the person who started the run. */
  'step.confirm_dangerous': 'approver',
  /** Skip or mark done of an instruction or a 🟢 step; of a 🟡/🔴 step it needs what approving it needs. */
  'step.skip': 'responder',
  'step.mark_done': 'responder',
  'step.retry': 'responder',
  'step.rerequest': 'responder',
  'step.edit': 'responder',
  'run.abort': 'responder',
  /** Give an alert held back in a storm summary its own message and thread. */
  'incident.open': 'responder',
  /** See incidents, their status and MTTR (`/runbook incidents|status|mttr`, App Home). */
  'incident.read': 'viewer',
  /** See the runbook library (`/runbook list|search`). */
  'runbook.read': 'viewer',
  'runbook.publish': 'author',
  /** Raising a runbook's trust level above 0, or adding approvers to it. */
  'runbook.raise_trust': 'admin',
  'runbook.lock': 'admin',
  'governance.switch_mode': 'admin',
  /** Stopping everything is the safe direction: any responder may pull the switch. */
  'panic.on': 'responder',
  'panic.off': 'admin',
  'roles.manage': 'admin',
} as const satisfies Record<string, RoleName>;

export type Action = keyof typeof AUTHZ_TABLE;

export function requiredRole(action: Action): RoleName {
  return AUTHZ_TABLE[action];
}

/** Words for refusals: "the approver role". */
export const ACTION_WORDS: Record<Action, string> = {
  'run.start': 'start a run',
  'run.choose': 'choose between a runbook’s options',
  'step.provide_variables': 'provide values for a step',
  'step.approve_safe': 'approve a 🟢 step',
  'step.approve': 'approve this step',
  'step.confirm_dangerous': 'confirm a 🔴 step',
  'step.skip': 'skip this step',
  'step.mark_done': 'mark this step done',
  'step.retry': 'retry a step',
  'step.rerequest': 'ask for approval again',
  'step.edit': 'edit a command',
  'run.abort': 'abort a run',
  'incident.open': 'open an incident from a storm summary',
  'incident.read': 'see incidents',
  'runbook.read': 'see the runbook library',
  'runbook.publish': 'publish or change a runbook',
  'runbook.raise_trust': 'raise a runbook’s trust level or add approvers (or remove them all)',
  'runbook.lock': 'lock or unlock a runbook',
  'governance.switch_mode': 'switch the governance mode',
  'panic.on': 'pull the panic switch',
  'panic.off': 'lift the panic switch',
  'roles.manage': 'grant or revoke roles',
};
