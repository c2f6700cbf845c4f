import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import type { Authorizer, Principal } from '../governance/authorizer.js';
import type { Clock } from '../lib/clock.js';
import { DomainError } from '../lib/errors.js';
import { decideGate, type Gate, type PolicyInput } from './policy.js';
import { consumeApproval, findApproval, insertApproval, listApprovalsForExecution } from './repo.js';

/** What a person is asked to approve: the gate, and the exact command it is bound to. */
export interface ApprovalRequest {
  kind: 'click' | 'typed_confirm';
  /** False only for 🟢 steps that still need a click: any responder may give it. */
  approverRoleRequired: boolean;
  rollback: boolean;
  command: string;
  commandSha256: string;
  target: string | null;
  level: 'safe' | 'caution' | 'dangerous' | 'unknown';
}

export interface RunbookForApproval {
  title: string;
  approvers: readonly string[];
  createdBy: string;
}

export interface ApprovalRecord {
  tenantId: string;
  stepId: string;
  approver: string;
  runbookVersionId: string;
  binding: string;
  request: ApprovalRequest;
  typedConfirmation: string | null;
}

export type RunPermit = { ok: true } | { ok: false; reason: string };

type ApprovalDeps = {
  authz: Pick<Authorizer, 'require' | 'requireRunbookApprover'>;
  clock: Clock;
  approvalTtlMs: number;
};

/** Who a step's approval is weighed against: who started the run, who wrote its command by an edit. */
export interface ApprovalContext {
  startedBy: string;
  /** The person whose ✏️ Edit wrote the command now shown (null: the runbook's own command). */
  editedBy: string | null;
  runbook: RunbookForApproval;
}

/** Throws a refusal naming who may approve, or why this person may not. */
async function assertMayApprove(
  deps: ApprovalDeps,
  who: Principal,
  request: ApprovalRequest,
  context: ApprovalContext,
): Promise<void> {
  if (!request.approverRoleRequired) {
    await deps.authz.require(who, 'step.approve_safe');
  } else {
    const action = request.kind === 'typed_confirm' ? 'step.confirm_dangerous' : 'step.approve';
    await deps.authz.requireRunbookApprover(who, action, context.runbook);
  }
  if (request.kind === 'typed_confirm' && who.userId === context.startedBy) {
    throw new DomainError(
      'same_person',
      'A 🔴 dangerous step needs a second person: someone other than the engineer who started this run must confirm it.',
    );
  }
  // Four eyes: whoever wrote the dangerous command by editing it cannot be its second person.
  if (request.kind === 'typed_confirm' && who.userId === context.editedBy) {
    throw new DomainError(
      'same_person',
      'A 🔴 dangerous step needs a second person: you edited this command, so someone else must confirm it.',
    );
  }
}

/** Records the approval in the caller's transaction; returns its id. */
function record(deps: ApprovalDeps, trx: Kysely<Database>, approval: ApprovalRecord): Promise<string> {
  return insertApproval(trx, {
    tenantId: approval.tenantId,
    stepId: approval.stepId,
    approver: approval.approver,
    commandSha256: approval.request.commandSha256,
    target: approval.request.target,
    runbookVersionId: approval.runbookVersionId,
    binding: approval.binding,
    typedConfirmation: approval.typedConfirmation,
    expiresAt: new Date(deps.clock.now().getTime() + deps.approvalTtlMs),
  });
}

/**
 * Just before a worker runs a command: the approval exists, is bound to exactly this
 * command, has not expired, and is used once.
 */
async function consumeForRun(
  deps: ApprovalDeps,
  trx: Kysely<Database>,
  approvalId: string,
  binding: string,
): Promise<RunPermit> {
  const approval = await findApproval(trx, approvalId);
  if (!approval || approval.binding_sha256 !== binding) {
    return { ok: false, reason: 'the approval does not match this command' };
  }
  const now = deps.clock.now();
  if (approval.expires_at <= now) return { ok: false, reason: 'the approval expired before a worker could start it' };
  if (!(await consumeApproval(trx, approval.id, now))) return { ok: false, reason: 'the approval was already used' };
  return { ok: true };
}

/** Who approved which step of a run, oldest first. */
async function approversByStep(trx: Kysely<Database>, executionId: string): Promise<Map<string, string[]>> {
  const byStep = new Map<string, string[]>();
  for (const a of await listApprovalsForExecution(trx, executionId)) {
    const list = byStep.get(a.step_id) ?? [];
    if (!list.includes(a.approver)) list.push(a.approver);
    byStep.set(a.step_id, list);
  }
  return byStep;
}

/**
 * Approvals own approvals: which gate a step gets, who may pass it, the record bound to
 * exactly what was approved, and the re-check when a worker is about to run it. The
 * execution engine calls this service and never reads the approvals table itself.
 */
export function createApprovalService(deps: ApprovalDeps) {
  return {
    gateFor: (input: PolicyInput): Gate => decideGate(input),
    assertMayApprove: (who: Principal, request: ApprovalRequest, context: ApprovalContext) =>
      assertMayApprove(deps, who, request, context),
    record: (trx: Kysely<Database>, approval: ApprovalRecord) => record(deps, trx, approval),
    consumeForRun: (trx: Kysely<Database>, approvalId: string, binding: string) =>
      consumeForRun(deps, trx, approvalId, binding),
    approversByStep,
  };
}

export type ApprovalService = ReturnType<typeof createApprovalService>;
