import type { SandboxContext } from '../context.js';
import type { EnvelopeOutcome } from '../types.js';

/**
 * A button click or modal action that was not acked in time: Slack shows the person a warning
 * icon / error next to the control. Recorded so tests and the page can see it.
 */
export function recordInteractionFailure(
  sandbox: SandboxContext,
  outcome: EnvelopeOutcome,
  refs: { userId: string; channelId?: string; messageTs?: string; viewId?: string; what: string },
): void {
  if (outcome.status === 'acked') return;
  const timedOut = outcome.status === 'ack_timeout';
  sandbox.store.recordFailure({
    kind: timedOut ? 'ack_timeout' : 'dispatch_failed',
    envelopeType: outcome.type,
    envelopeId: outcome.envelopeId,
    userId: refs.userId,
    ...(refs.channelId ? { channelId: refs.channelId } : {}),
    ...(refs.messageTs ? { messageTs: refs.messageTs } : {}),
    ...(refs.viewId ? { viewId: refs.viewId } : {}),
    description: timedOut
      ? `${refs.what} was not acknowledged within ${sandbox.options.ackTimeoutMs} ms; Slack shows the person a warning (operation_timeout)`
      : `${refs.what} could not be delivered: no app connection (dispatch_failed)`,
  });
}
