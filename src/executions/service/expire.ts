import { findStep } from '../repo.js';
import type { EngineDeps } from './deps.js';
import { renderStepMessage } from './messages.js';
import { transitionStep } from './transition-step.js';

/** The approval window of one request closed: void it, unless it was already answered or renewed. */
export async function expireApproval(deps: EngineDeps, stepId: string, requestedAt: string): Promise<void> {
  const step = await findStep(deps.db, stepId);
  if (step?.state !== 'awaiting_approval' || step.approvalKind === 'manual') return;
  if (step.approvalRequestedAt?.toISOString() !== new Date(requestedAt).toISOString()) return;
  if (step.approvalExpiresAt && deps.clock.now() < step.approvalExpiresAt) return;
  await deps.db.transaction().execute((trx) =>
    transitionStep(deps, trx, {
      step,
      event: 'expire',
      actor: 'system:clock',
      audit: { type: 'execution.step_approval_expired', data: { requestedAt } },
    }),
  );
  await renderStepMessage(deps, stepId);
}
