import { inTenant } from '../db/tenant-scope.js';
import type { CopilotDeps } from './deps.js';
import { incidentOfThread } from './repo/thread-facts.js';
import { insertTurn } from './repo/turns-repo.js';

/** A person's message as the Slack listener hands it over (ids from the event, text as written). */
export interface IncomingMessage {
  tenantId: string;
  eventId: string;
  channelId: string;
  /** The thread the message is in; undefined for a top-level message. */
  threadTs: string | undefined;
  messageTs: string;
  userId: string;
  text: string;
}

export type IntakeOutcome = 'queued' | 'duplicate' | 'not_an_incident_thread' | 'empty' | 'not_allowed';

/** `<@U…>` mentions are addressing, not content. */
export function questionOf(text: string): string {
  return text
    .replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Stores the turn, then queues its job (jobId from the Slack event id). A retried event, or
 * the same message arriving as app_mention and as message, finds its turn and queues the
 * same job id again, which BullMQ ignores while the job exists.
 */
export async function acceptMessage(deps: CopilotDeps, msg: IncomingMessage): Promise<IntakeOutcome> {
  if (!msg.threadTs) return 'not_an_incident_thread';
  const question = questionOf(msg.text);
  if (!question) return 'empty';
  const thread = { channelId: msg.channelId, threadTs: msg.threadTs };
  const incident = await inTenant(deps.db, msg.tenantId, (trx) => incidentOfThread(trx, thread));
  if (!incident) return 'not_an_incident_thread';
  // The answer reads the incident, its run and its audit trail: a member without a role gets
  // none, and nothing is stored or paid for (the Slack adapter tells whoever @mentioned why).
  if (!(await deps.authz.can({ tenantId: msg.tenantId, userId: msg.userId }, 'incident.read'))) return 'not_allowed';
  const stored = await inTenant(deps.db, msg.tenantId, async (trx) => {
    return insertTurn(trx, {
      tenantId: msg.tenantId,
      eventId: msg.eventId,
      channelId: msg.channelId,
      threadTs: msg.threadTs!,
      messageTs: msg.messageTs,
      userId: msg.userId,
      question: question.slice(0, 4000),
      incidentId: incident.id,
      team: incident.service ?? 'unassigned',
    });
  });
  await deps.jobs.enqueue(
    'copilot.turn',
    { tenantId: msg.tenantId, turnId: stored.turn.id },
    { jobId: `copilot__${stored.turn.id}` },
  );
  return stored.created ? 'queued' : 'duplicate';
}
