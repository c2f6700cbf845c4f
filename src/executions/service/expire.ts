import { inTenant } from '../../db/tenant-scope.js';
import { findStep } from '../repo/steps-repo.js';
import type { EngineDeps } from './deps.js';
import { renderStepMessage } from './render.js';
import { transitionStep } from './transition-step.js';

/** The approval window of one request closed: void it, unless it was already answered or renewed. */
export async function expireApproval(
  deps: EngineDeps,
  tenantId: string,
  stepId: string,
  requestedAt: string,
): Promise<void> {
  const expired = await inTenant(deps.db, tenantId, async (trx) => {
    const step = await findStep(trx, stepId, true);
    if (step?.state !== 'awaiting_approval' || step.approvalKind === 'manual') return false;
    if (step.approvalRequestedAt?.toISOString() !== new Date(requestedAt).toISOString()) return false;
    if (step.approvalExpiresAt && deps.clock.now() < step.approvalExpiresAt) return false;
    await transitionStep(deps, trx, {
      step,
      event: 'expire',
      actor: 'system:clock',
      audit: { type: 'execution.step_approval_expired', data: { requestedAt } },
    });
    return true;
  });
  if (expired) await renderStepMessage(deps, tenantId, stepId);
}
