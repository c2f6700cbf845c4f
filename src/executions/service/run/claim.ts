import type { Kysely } from 'kysely';
import { inTenant } from '../../../db/tenant-scope.js';
import type { Database } from '../../../db/types.js';
import { haltedWords } from '../../../governance/panic-state.js';
import { sha256Hex } from '../../../lib/hashing.js';
import { EXECUTING_STATES, type StepEvent } from '../../machine.js';
import type { Execution, Step, StepRun } from '../../model.js';
import { findExecution } from '../../repo/executions-repo.js';
import { findRun, setRunStatus } from '../../repo/step-runs-repo.js';
import { findStep } from '../../repo/steps-repo.js';
import { commandBinding } from '../bindings.js';
import type { EngineDeps } from '../deps.js';
import { renderStepMessage } from '../render.js';
import { transitionStep } from '../transition-step.js';

export type Claim =
  | { kind: 'claimed'; run: StepRun; step: Step; execution: Execution }
  | { kind: 'skip'; why: string }
  | { kind: 'possibly_lost' };

type ClaimDeps = Pick<
  EngineDeps,
  'db' | 'audit' | 'chat' | 'clock' | 'approvals' | 'redactCommand' | 'settings' | 'panic' | 'runbooks'
>;

/**
 * A run is claimed exactly once (queued → running in one transaction that re-checks the
 * run, the command's bytes and the approval binding); a redelivered job finds it already
 * claimed and never starts the command again.
 */
export async function claimRun(deps: ClaimDeps, tenantId: string, runId: string): Promise<Claim> {
  const outcome = await inTenant(deps.db, tenantId, (trx) => claimInTransaction(deps, trx, runId));
  if (outcome.voided) await renderStepMessage(deps, tenantId, outcome.voided);
  return outcome.claim;
}

async function claimInTransaction(
  deps: ClaimDeps,
  trx: Kysely<Database>,
  runId: string,
): Promise<{ claim: Claim; voided?: string }> {
  const run = await findRun(trx, runId, true);
  if (!run) return { claim: { kind: 'skip', why: 'unknown run' } };
  if (run.status === 'running') return { claim: { kind: 'possibly_lost' } };
  if (run.status !== 'queued') return { claim: { kind: 'skip', why: `already ${run.status}` } };
  const step = await findStep(trx, run.stepId, true);
  const execution = step ? await findExecution(trx, step.executionId) : null;
  if (!step || !execution) return { claim: { kind: 'skip', why: 'step gone' } };
  const refusal = await refusalFor(deps, trx, run, step, execution);
  if (refusal) return cancel(deps, trx, run, step, refusal);
  const now = deps.clock.now();
  await setRunStatus(trx, runId, 'queued', {
    status: 'running',
    workerId: deps.settings.workerId,
    startedAt: now,
    heartbeatAt: now,
  });
  await deps.audit.append(
    {
      tenantId: step.tenantId,
      type: 'execution.step_started',
      actor: 'system:executor',
      subject: { type: 'step', id: step.id },
      data: {
        executionId: execution.id,
        runId,
        kind: run.kind,
        commandSha256: run.commandSha256,
        dryRun: run.dryRun,
        workerId: deps.settings.workerId,
      },
    },
    trx,
  );
  return { claim: { kind: 'claimed', run, step, execution } };
}

interface Refusal {
  event: StepEvent;
  reason: string;
}

/** Why this run must not start now, or null: the command is, byte for byte, what was approved. */
async function refusalFor(
  deps: ClaimDeps,
  trx: Kysely<Database>,
  run: StepRun,
  step: Step,
  execution: Execution,
): Promise<Refusal | null> {
  if (execution.state !== 'running') {
    return { event: 'cancel', reason: `the run was ${execution.state} before the command started` };
  }
  const halted = await deps.panic.stateFor(step.tenantId);
  if (halted) return { event: 'halt', reason: haltedWords(halted) };
  const expected = run.kind === 'rollback' ? 'rolling_back' : run.approvalId ? 'running' : 'auto_running';
  if (step.state !== expected) return { event: 'cancel', reason: `the step is ${step.state}, not ${expected}` };
  const currentSha = run.kind === 'rollback' ? step.classification?.rollback?.commandSha256 : step.commandSha256;
  if (sha256Hex(run.command) !== run.commandSha256 || run.commandSha256 !== currentSha) {
    return { event: 'void_approval', reason: 'the command no longer matches what was approved' };
  }
  if (run.approvalId) {
    const bound = run.kind === 'rollback' ? { ...step, state: 'rollback_offered' as const } : step;
    const permit = await deps.approvals.consumeForRun(
      trx,
      run.approvalId,
      commandBinding(bound, execution.runbookVersionId, run.kind === 'rollback'),
    );
    return permit.ok ? null : { event: 'void_approval', reason: permit.reason };
  }
  // Defence in depth: only a 🟢 step the policy auto-approved may run without a person.
  if (run.kind !== 'command' || step.level !== 'safe' || step.policy?.gate !== 'auto') {
    return { event: 'void_approval', reason: 'no approval, and the step is not an auto-approved safe step' };
  }
  return null;
}

function refusalFact(refusal: Refusal, runId: string) {
  const data = { runId, reason: refusal.reason };
  if (refusal.event === 'void_approval') return { type: 'execution.approval_voided' as const, data };
  if (refusal.event === 'halt') return { type: 'execution.step_halted' as const, data: { reason: refusal.reason } };
  return { type: 'execution.command_cancelled' as const, data };
}

async function cancel(
  deps: ClaimDeps,
  trx: Kysely<Database>,
  run: StepRun,
  step: Step,
  refusal: Refusal,
): Promise<{ claim: Claim; voided?: string }> {
  await setRunStatus(trx, run.id, 'queued', { status: 'cancelled', finishedAt: deps.clock.now() });
  if (!EXECUTING_STATES.has(step.state)) return { claim: { kind: 'skip', why: refusal.reason } };
  await transitionStep(deps, trx, {
    step,
    event: refusal.event,
    actor: 'system:executor',
    audit: refusalFact(refusal, run.id),
  });
  return { claim: { kind: 'skip', why: refusal.reason }, voided: step.id };
}
