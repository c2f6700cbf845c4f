import type { AlertLifecycle } from '../../alerts/types.js';

/**
 * What an Opsgenie / JSM Operations alert action does to the incident. Action names are
 * matched without regard to case (the docs spell both "UnAcknowledge" and "Unacknowledge").
 * Actions not listed (AddNote, AddTags, AddResponder, Snooze, custom actions, …) are stored
 * and ignored.
 */
const LIFECYCLE: Record<string, AlertLifecycle> = {
  create: 'triggered',
  acknowledge: 'acknowledged',
  unacknowledge: 'unacknowledged',
  close: 'resolved',
  // A deleted alert never closes: its incident would stay open for ever.
  delete: 'resolved',
  escalate: 'updated',
  escalatetonext: 'updated',
  updatepriority: 'updated',
  assignownership: 'updated',
  takeownership: 'updated',
};

export function alertActionLifecycle(action: string): AlertLifecycle | null {
  return LIFECYCLE[action.toLowerCase()] ?? null;
}

export interface ActionNoteFacts {
  action: string;
  priority?: string | undefined;
  owner?: string | undefined;
  username?: string | undefined;
  escalatedTo?: string | undefined;
}

/** The thread's sentence for an `updated` action (it names who, since the reply shows no actor). */
export function alertActionNote(facts: ActionNoteFacts): string | null {
  const by = facts.username ? ` by ${facts.username}` : '';
  switch (facts.action.toLowerCase()) {
    case 'unacknowledge':
      return `Acknowledgement removed${by}: the alert is open again`;
    case 'escalate':
    case 'escalatetonext':
      return facts.escalatedTo ? `Escalated to ${facts.escalatedTo}` : `Escalated${by}`;
    case 'updatepriority':
      return `Priority now ${facts.priority ?? 'changed'}${by}`;
    case 'assignownership':
      return facts.owner ? `Owner now ${facts.owner}${by}` : `Ownership assigned${by}`;
    case 'takeownership':
      return `${facts.owner ?? facts.username ?? 'Someone'} took ownership`;
    case 'delete':
      return `Alert deleted${by}`;
    default:
      return null;
  }
}
