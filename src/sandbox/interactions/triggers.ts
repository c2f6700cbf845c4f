import { newTriggerId } from '../ids.js';
import { SlackApiError } from '../web-api/errors.js';

interface IssuedTrigger {
  userId: string;
  issuedAt: number;
  exchanged: boolean;
}

/**
 * trigger_ids come with slash commands and interactions; one can be exchanged for a view once,
 * within about 3 seconds (views.open / views.push).
 */
export class TriggerRegistry {
  private readonly issued = new Map<string, IssuedTrigger>();

  constructor(private readonly ttlMs: number) {}

  issue(userId: string): string {
    const id = newTriggerId();
    this.issued.set(id, { userId, issuedAt: Date.now(), exchanged: false });
    return id;
  }

  /** Marks the trigger used and returns the person it belongs to, or throws Slack's error code. */
  exchange(triggerId: string): string {
    const trigger = this.issued.get(triggerId);
    if (!trigger) throw new SlackApiError('invalid_trigger_id');
    if (trigger.exchanged) throw new SlackApiError('exchanged_trigger_id');
    if (Date.now() - trigger.issuedAt > this.ttlMs) throw new SlackApiError('expired_trigger_id');
    trigger.exchanged = true;
    return trigger.userId;
  }
}
