import { decideGate, isApprover } from '../../approvals/policy.js';
import { insertApproval } from '../../approvals/repo.js';
import type { RiskLevel } from '../../classifier/types.js';
import { DomainError } from '../../lib/errors.js';
import { insertRun } from '../repo.js';
import { type ActionContext, assertBinding, auditedAction, loadForAction } from './context.js';
import type { EngineDeps } from './deps.js';
import { bindingFor, renderStepMessage } from './messages.js';
import { transitionStep } from './transition-step.js';

export interface ActionInput {
  stepId: string;
  binding: string;
  userId: string;
}

interface Gated {
  kind: 'click' | 'typed_confirm' | 'auto';
  approverRoleRequired: boolean;
  rollback: boolean;
  command: string;
  commandSha256: string;
  target: string | null;
  level: RiskLevel;
}

/** What approving this step right now would approve: the command, or the offered rollback. */
function gated(ctx: ActionContext): Gated {
  const { step } = ctx;
  if (step.state === 'rollback_offered') {
    const rb = step.classification?.rollback;
    if (!rb || !step.rollbackCommand)
      throw new DomainError('step_not_actionable', 'This step has no rollback command.');
    const gate = decideGate({
      level: rb.level as RiskLevel,
      hasCommand: true,
      trustLevel: ctx.spec.trustLevel,
      governanceMode: ctx.execution.governanceMode,
    });
    return {
      kind: gate.kind === 'manual' ? 'click' : gate.kind,
      approverRoleRequired: gate.kind === 'click' ? gate.approverRoleRequired : true,
      rollback: true,
      command: step.rollbackCommand,
      commandSha256: rb.commandSha256,
      target: rb.target,
      level: rb.level as RiskLevel,
    };
  }
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
    throw new DomainError('step_not_actionable', 'This step has no command; mark it done instead.');
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

async function checkApprover(deps: EngineDeps, ctx: ActionContext, g: Gated, userId: string): Promise<void> {
  const { step } = ctx;
  if (!g.rollback && step.approvalExpiresAt && deps.clock.now() > step.approvalExpiresAt) {
    await deps.db
      .transaction()
      .execute((trx) =>
        transitionStep(deps, trx, {
          step,
          event: 'expire',
          actor: 'system:clock',
          audit: {
            type: 'execution.step_approval_expired',
            data: { expiredAt: step.approvalExpiresAt?.toISOString() },
          },
        }),
      )
      .catch(() => undefined);
    await renderStepMessage(deps, step.id);
    throw new DomainError(
      'approval_expired',
      'The approval window for this step closed. Press “Ask again” to reopen it.',
    );
  }
  if (g.approverRoleRequired && !isApprover(userId, ctx.spec.approvers, deps.settings.adminUserIds)) {
    throw new DomainError(
      'not_authorized',
      'Only holders of the approver role for this runbook may approve this step.',
    );
  }
  if (g.kind === 'typed_confirm' && userId === ctx.execution.startedBy) {
    throw new DomainError(
      'same_person',
      'A 🔴 dangerous step needs a second person: someone other than the engineer who started this run must confirm it.',
    );
  }
}

/** Records the approval bound to exactly this command, queues the run, and shows it. */
async function approveAndQueue(deps: EngineDeps, ctx: ActionContext, g: Gated, userId: string, typed: string | null) {
  const binding = bindingFor(ctx.step, ctx.execution.runbookVersionId);
  const now = deps.clock.now();
  const runId = await deps.db.transaction().execute(async (trx) => {
    const approvalId = await insertApproval(trx, {
      tenantId: ctx.step.tenantId,
      stepId: ctx.step.id,
      approver: userId,
      commandSha256: g.commandSha256,
      target: g.target,
      runbookVersionId: ctx.execution.runbookVersionId,
      binding,
      typedConfirmation: typed,
      expiresAt: new Date(now.getTime() + deps.settings.approvalTtlMs),
    });
    await transitionStep(deps, trx, {
      step: ctx.step,
      event: g.rollback ? 'approve_rollback' : 'approve',
      actor: userId,
      patch: { decided_by: userId },
      audit: {
        type: g.rollback ? 'execution.rollback_started' : 'execution.step_approved',
        data: {
          approverSlackUserId: userId,
          commandSha256: g.commandSha256,
          level: g.level,
          gate: g.kind,
          target: g.target,
          typedConfirmation: typed,
          approvalId,
        },
      },
    });
    return insertRun(trx, {
      tenantId: ctx.step.tenantId,
      stepId: ctx.step.id,
      kind: g.rollback ? 'rollback' : 'command',
      command: g.command,
      commandSha256: g.commandSha256,
      dryRun: ctx.execution.dryRun,
      approvalId,
    });
  });
  // No render here: modal submissions must ack within 3 s, and the worker shows the
  // step as running the moment it claims the run.
  await deps.jobs.enqueue('step.run', { runId }, { jobId: `run__${runId}` });
}

export function createApprovalActions(deps: EngineDeps) {
  return {
    /** ✅ Approve (🟡/⬜/🟢 one click), or ↩️ Roll back when the rollback's gate is a click. */
    approve: (input: ActionInput) =>
      auditedAction(deps, 'approve', input, async () => {
        const ctx = await loadForAction(deps, input.stepId);
        assertBinding(ctx, input.binding);
        const g = gated(ctx);
        if (g.kind === 'typed_confirm') {
          throw new DomainError(
            'step_not_actionable',
            'This step is 🔴 dangerous: use “Confirm…” and type the target.',
          );
        }
        await checkApprover(deps, ctx, g, input.userId);
        await approveAndQueue(deps, ctx, g, input.userId, null);
      }),

    /** Before the 🔴 modal opens: may this person confirm, and what must they type? */
    prepareTypedConfirm: (input: ActionInput) =>
      auditedAction(deps, 'confirm_open', input, async () => {
        const ctx = await loadForAction(deps, input.stepId);
        assertBinding(ctx, input.binding);
        const g = gated(ctx);
        await checkApprover(deps, ctx, { ...g, kind: 'typed_confirm' }, input.userId);
        return {
          title: ctx.step.title,
          command: g.command,
          target: g.target ?? g.command,
          level: g.level,
          rollback: g.rollback,
          needsTyping: g.kind === 'typed_confirm',
        };
      }),

    /** ↩️ Roll back: approves a click-gated rollback at once, or says the 🔴 modal is needed. */
    rollback: (input: ActionInput) =>
      auditedAction(deps, 'rollback', input, async () => {
        const ctx = await loadForAction(deps, input.stepId);
        assertBinding(ctx, input.binding);
        const g = gated(ctx);
        if (!g.rollback) throw new DomainError('step_not_actionable', 'No rollback is on offer for this step.');
        await checkApprover(deps, ctx, g, input.userId);
        if (g.kind === 'typed_confirm') {
          return {
            needsTyping: true as const,
            title: ctx.step.title,
            command: g.command,
            target: g.target ?? g.command,
            level: g.level,
          };
        }
        await approveAndQueue(deps, ctx, g, input.userId, null);
        return { needsTyping: false as const };
      }),

    /** The 🔴 modal was submitted: the typed text must equal the target exactly. */
    confirmTyped: (input: ActionInput & { typed: string }) =>
      auditedAction(deps, 'confirm_submit', input, async () => {
        const ctx = await loadForAction(deps, input.stepId);
        assertBinding(ctx, input.binding);
        const g = gated(ctx);
        await checkApprover(deps, ctx, { ...g, kind: 'typed_confirm' }, input.userId);
        const expected = g.target ?? g.command;
        if (input.typed.trim() !== expected) {
          throw new DomainError('confirmation_mismatch', `That does not match. Type exactly: ${expected}`);
        }
        await approveAndQueue(deps, ctx, g, input.userId, input.typed.trim());
      }),
  };
}
