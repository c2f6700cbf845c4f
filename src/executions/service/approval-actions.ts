import type { ApprovalRequest } from '../../approvals/service.js';
import { inTenant } from '../../db/tenant-scope.js';
import type { Principal } from '../../governance/authorizer.js';
import { DomainError } from '../../lib/errors.js';
import { insertRun } from '../repo/step-runs-repo.js';
import { commandBinding } from './bindings.js';
import { type ActionContext, auditedAction, loadBound, type StepActionInput } from './context.js';
import type { EngineDeps } from './deps.js';
import { renderStepMessage } from './render.js';
import { transitionStep } from './transition-step.js';

/** What approving this step right now would approve: its command, or the offered rollback. */
export function approvalRequestOf(deps: Pick<EngineDeps, 'approvals'>, ctx: ActionContext): ApprovalRequest {
  const { step } = ctx;
  if (step.state === 'rollback_offered') return rollbackRequest(deps, ctx);
  if (step.state === 'expired') {
    throw new DomainError(
      'approval_expired',
      'The approval window for this step closed. Press “Ask again” to reopen it.',
    );
  }
  if (step.state !== 'awaiting_approval' || !step.command || !step.commandSha256 || !step.level) {
    throw new DomainError(
      'step_not_actionable',
      `This step is ${step.state.replace(/_/g, ' ')}; there is nothing to approve.`,
    );
  }
  if (step.approvalKind === 'manual') {
    throw new DomainError('step_not_actionable', 'This step has no command to approve; mark it done instead.');
  }
  return {
    kind: step.approvalKind === 'typed_confirm' ? 'typed_confirm' : 'click',
    approverRoleRequired: step.policy?.approverRoleRequired ?? true,
    rollback: false,
    command: step.command,
    commandSha256: step.commandSha256,
    target: step.target,
    level: step.level,
  };
}

function rollbackRequest(deps: Pick<EngineDeps, 'approvals'>, ctx: ActionContext): ApprovalRequest {
  const { step } = ctx;
  const rb = step.classification?.rollback;
  if (!rb || !step.rollbackCommand) throw new DomainError('step_not_actionable', 'This step has no rollback command.');
  const gate = deps.approvals.gateFor({
    level: rb.level,
    hasCommand: true,
    trustLevel: ctx.spec.trustLevel,
    governanceMode: ctx.execution.governanceMode,
  });
  return {
    kind: gate.kind === 'typed_confirm' ? 'typed_confirm' : 'click',
    // A rollback always needs someone who could approve the change it undoes.
    approverRoleRequired: gate.kind === 'click' ? gate.approverRoleRequired : true,
    rollback: true,
    command: step.rollbackCommand,
    commandSha256: rb.commandSha256,
    target: rb.target,
    level: rb.level,
  };
}

/** The window closed while the button sat there: expire the request now and say so. */
async function refuseIfExpired(deps: EngineDeps, ctx: ActionContext, request: ApprovalRequest): Promise<void> {
  const { step } = ctx;
  if (request.rollback || !step.approvalExpiresAt || deps.clock.now() <= step.approvalExpiresAt) return;
  await inTenant(deps.db, step.tenantId, (trx) =>
    transitionStep(deps, trx, {
      step,
      event: 'expire',
      actor: 'system:clock',
      audit: { type: 'execution.step_approval_expired', data: { expiredAt: step.approvalExpiresAt?.toISOString() } },
    }),
  ).catch(() => undefined);
  await renderStepMessage(deps, step.tenantId, step.id);
  throw new DomainError(
    'approval_expired',
    'The approval window for this step closed. Press “Ask again” to reopen it.',
  );
}

async function checkApprover(deps: EngineDeps, who: Principal, ctx: ActionContext, request: ApprovalRequest) {
  await refuseIfExpired(deps, ctx, request);
  await deps.approvals.assertMayApprove(who, request, {
    startedBy: ctx.execution.startedBy,
    editedBy: ctx.step.editedBy,
    runbook: { title: ctx.spec.title, approvers: ctx.spec.approvers, createdBy: ctx.spec.createdBy },
  });
}

/** Records the approval bound to exactly this command, queues the run; the worker shows it running. */
async function approveAndQueue(
  deps: EngineDeps,
  ctx: ActionContext,
  request: ApprovalRequest,
  userId: string,
  typed: string | null,
): Promise<void> {
  const { step, execution } = ctx;
  const runId = await inTenant(deps.db, step.tenantId, async (trx) => {
    const approvalId = await deps.approvals.record(trx, {
      tenantId: step.tenantId,
      stepId: step.id,
      approver: userId,
      runbookVersionId: execution.runbookVersionId,
      binding: commandBinding(step, execution.runbookVersionId),
      request,
      typedConfirmation: typed,
    });
    await transitionStep(deps, trx, {
      step,
      event: request.rollback ? 'approve_rollback' : 'approve',
      actor: userId,
      patch: { decided_by: userId },
      audit: {
        type: request.rollback ? 'execution.rollback_started' : 'execution.step_approved',
        data: {
          approverSlackUserId: userId,
          commandSha256: request.commandSha256,
          level: request.level,
          gate: request.kind,
          target: request.target,
          typedConfirmation: typed,
          approvalId,
        },
      },
    });
    return insertRun(trx, {
      tenantId: step.tenantId,
      stepId: step.id,
      kind: request.rollback ? 'rollback' : 'command',
      command: request.command,
      commandSha256: request.commandSha256,
      dryRun: execution.dryRun,
      approvalId,
    });
  });
  // No render here: modal submissions must ack within 3 s, and the worker shows the step running.
  await deps.jobs.enqueue('step.run', { tenantId: step.tenantId, runId }, { jobId: `run__${runId}` });
}

/** What the 🔴 modal shows (redacted, as on the step card) and what must be typed. */
function typedConfirmView(deps: Pick<EngineDeps, 'redactCommand'>, ctx: ActionContext, request: ApprovalRequest) {
  return {
    title: deps.redactCommand(ctx.step.title),
    command: deps.redactCommand(request.command),
    target: request.target ?? request.command,
    level: request.level,
    rollback: request.rollback,
    needsTyping: request.kind === 'typed_confirm',
    dryRun: ctx.execution.dryRun,
  };
}

export function createApprovalActions(deps: EngineDeps) {
  return {
    /** ✅ Approve (🟡/⬜/🟢 one click). */
    approve: (input: StepActionInput) =>
      auditedAction(deps, 'approve', input, async () => {
        const ctx = await loadBound(deps, input);
        const request = approvalRequestOf(deps, ctx);
        if (request.kind === 'typed_confirm') {
          throw new DomainError(
            'step_not_actionable',
            'This step is 🔴 dangerous: use “Confirm…” and type the target.',
          );
        }
        await checkApprover(deps, input, ctx, request);
        await approveAndQueue(deps, ctx, request, input.userId, null);
      }),

    /** Before the 🔴 modal opens: may this person confirm, and what must they type? */
    prepareTypedConfirm: (input: StepActionInput) =>
      auditedAction(deps, 'confirm_open', input, async () => {
        const ctx = await loadBound(deps, input);
        const request = approvalRequestOf(deps, ctx);
        await checkApprover(deps, input, ctx, { ...request, kind: 'typed_confirm', approverRoleRequired: true });
        return typedConfirmView(deps, ctx, request);
      }),

    /** ↩️ Roll back: approves a click-gated rollback at once, or says the 🔴 modal is needed. */
    rollback: (input: StepActionInput) =>
      auditedAction(deps, 'rollback', input, async () => {
        const ctx = await loadBound(deps, input);
        const request = approvalRequestOf(deps, ctx);
        if (!request.rollback) throw new DomainError('step_not_actionable', 'No rollback is on offer for this step.');
        await checkApprover(deps, input, ctx, request);
        if (request.kind === 'typed_confirm')
          return { ...typedConfirmView(deps, ctx, request), needsTyping: true as const };
        await approveAndQueue(deps, ctx, request, input.userId, null);
        return { needsTyping: false as const };
      }),

    /** The 🔴 modal was submitted: the typed text must equal the target exactly. */
    confirmTyped: (input: StepActionInput & { typed: string }) =>
      auditedAction(deps, 'confirm_submit', input, async () => {
        const ctx = await loadBound(deps, input);
        const request = approvalRequestOf(deps, ctx);
        await checkApprover(deps, input, ctx, { ...request, kind: 'typed_confirm', approverRoleRequired: true });
        const expected = request.target ?? request.command;
        if (input.typed.trim() !== expected) {
          throw new DomainError('confirmation_mismatch', `That does not match. Type exactly: ${expected}`);
        }
        await approveAndQueue(deps, ctx, request, input.userId, input.typed.trim());
      }),
  };
}
