import type { Kysely } from 'kysely';
import { inTenant } from '../../../db/tenant-scope.js';
import type { Database } from '../../../db/types.js';
import { sha256Hex } from '../../../lib/hashing.js';
import type { RunResult } from '../../executor/types.js';
import { EXECUTING_STATES, type StepEvent } from '../../machine.js';
import type { Step, StepRunStatus } from '../../model.js';
import { setRunStatus } from '../../repo/step-runs-repo.js';
import { findStep } from '../../repo/steps-repo.js';
import type { EngineDeps } from '../deps.js';
import { renderStepMessage } from '../render.js';
import { transitionStep } from '../transition-step.js';
import type { Claimed } from './execute.js';

/** How much output Postgres keeps per run (the Slack message shows less). */
const STORED_TAIL_CHARS = 16_000;

type ResultEvent =
  | 'execution.step_succeeded'
  | 'execution.step_dry_run'
  | 'execution.step_failed'
  | 'execution.step_timed_out'
  | 'execution.rollback_succeeded'
  | 'execution.rollback_failed';

interface Outcome {
  status: StepRunStatus;
  event: StepEvent;
  audit: ResultEvent | 'execution.command_killed' | 'execution.step_halted';
  ok: boolean;
  /** Who pulled the panic switch, when it stopped this command. */
  haltedBy?: string;
}

/** What a finished command means for its run and its step. */
export function outcomeOf(result: RunResult, kind: 'command' | 'rollback', dryRun: boolean): Outcome {
  if (result.aborted) return { status: 'cancelled', event: 'abort', audit: 'execution.command_killed', ok: false };
  const ok = result.exitCode === 0 && !result.timedOut;
  if (dryRun) return { status: 'not_executed', event: 'finish_dry_run', audit: 'execution.step_dry_run', ok: true };
  if (kind === 'rollback') {
    return ok
      ? { status: 'succeeded', event: 'rollback_succeed', audit: 'execution.rollback_succeeded', ok }
      : { status: 'failed', event: 'rollback_fail', audit: 'execution.rollback_failed', ok };
  }
  if (ok) return { status: 'succeeded', event: 'succeed', audit: 'execution.step_succeeded', ok };
  if (result.timedOut) return { status: 'timed_out', event: 'time_out', audit: 'execution.step_timed_out', ok };
  return { status: 'failed', event: 'fail', audit: 'execution.step_failed', ok };
}

/**
 * Records what the command did. A step a person aborted (or the panic switch halted)
 * while it ran keeps that state: its run is recorded as killed, never as a success.
 */
export async function settleRun(deps: EngineDeps, claim: Claimed, result: RunResult): Promise<void> {
  const outcome = await stoppedByPanic(deps, claim, result, outcomeOf(result, claim.run.kind, claim.run.dryRun));
  const settled = await inTenant(deps.db, claim.step.tenantId, async (trx) => {
    if (!(await recordRun(deps, trx, claim, result, outcome.status))) return null; // declared lost meanwhile
    const step = await findStep(trx, claim.step.id, true);
    if (!step || !EXECUTING_STATES.has(step.state)) return recordKill(deps, trx, step, claim, outcome); // aborted or halted while it ran
    const updated = await moveStep(deps, trx, step, claim, result, outcome);
    return outcome.ok || claim.run.kind === 'rollback' ? updated : offerRollback(deps, trx, updated);
  });
  if (!settled) return;
  // The next step first: its card must not wait for this message's update slot.
  await deps.jobs.enqueue('execution.advance', { tenantId: settled.tenantId, executionId: claim.execution.id });
  await renderStepMessage(deps, settled.tenantId, settled.id);
}

/**
 * A command stopped while its step still runs was stopped by the panic switch (a person's
 * Abort moves the step first): the step is halted, not aborted, so it can be retried.
 */
async function stoppedByPanic(deps: EngineDeps, claim: Claimed, result: RunResult, outcome: Outcome): Promise<Outcome> {
  if (!result.aborted) return outcome;
  const state = await deps.panic.stateFor(claim.step.tenantId);
  return state ? { ...outcome, event: 'halt', audit: 'execution.step_halted', haltedBy: state.pulledBy } : outcome;
}

async function recordRun(
  deps: EngineDeps,
  trx: Kysely<Database>,
  claim: Claimed,
  result: RunResult,
  status: StepRunStatus,
): Promise<boolean> {
  const tail = tailOf(result.output);
  return setRunStatus(trx, claim.run.id, 'running', {
    status,
    exitCode: result.exitCode,
    outputTail: tail,
    outputBytes: result.outputBytes,
    outputTruncated: result.truncated || tail.length < result.output.length,
    durationMs: Math.round(result.durationMs),
    finishedAt: deps.clock.now(),
  });
}

async function moveStep(
  deps: EngineDeps,
  trx: Kysely<Database>,
  step: Step,
  claim: Claimed,
  result: RunResult,
  outcome: Outcome,
): Promise<Step> {
  const now = deps.clock.now();
  const tail = tailOf(result.output);
  const fact = {
    runId: claim.run.id,
    kind: claim.run.kind,
    exitCode: result.exitCode,
    signal: result.signal,
    durationMs: result.durationMs,
    outputBytes: result.outputBytes,
    dryRun: claim.run.dryRun,
  };
  const change = {
    step,
    event: outcome.event,
    actor: 'system:executor',
    patch: {
      exit_code: result.exitCode,
      output_tail: tail,
      output_truncated: result.truncated || tail.length < result.output.length,
      started_at: claim.step.startedAt ?? new Date(now.getTime() - result.durationMs),
      finished_at: now,
    },
  };
  if (outcome.audit === 'execution.command_killed') {
    const data = { runId: claim.run.id, reason: result.stopReason ?? 'stopped while it ran', signalled: true };
    return transitionStep(deps, trx, { ...change, audit: { type: outcome.audit, data } });
  }
  if (outcome.audit === 'execution.step_halted') {
    const data = { reason: result.stopReason ?? 'the panic switch was pulled' };
    // The person who pulled the switch halted it, whichever of us got to the step first.
    const actor = outcome.haltedBy ?? 'system:panic';
    return transitionStep(deps, trx, { ...change, actor, audit: { type: outcome.audit, data } });
  }
  return transitionStep(deps, trx, { ...change, audit: { type: outcome.audit, data: fact } });
}

/** The step was aborted or halted while its command ran: the kill is a fact of its own. */
async function recordKill(
  deps: EngineDeps,
  trx: Kysely<Database>,
  step: Step | null,
  claim: Claimed,
  outcome: Outcome,
): Promise<Step | null> {
  if (!step || outcome.status !== 'cancelled') return step;
  await deps.audit.append(
    {
      tenantId: step.tenantId,
      type: 'execution.command_killed',
      actor: 'system:executor',
      subject: { type: 'step', id: step.id },
      data: {
        executionId: step.executionId,
        stepIndex: step.index,
        from: step.state,
        to: step.state,
        runId: claim.run.id,
        reason: `the step was ${step.state.replace(/_/g, ' ')} while its command ran`,
        signalled: true,
      },
    },
    trx,
  );
  return step;
}

/** A failed step with a rollback: offer it, classified on its own. */
async function offerRollback(deps: EngineDeps, trx: Kysely<Database>, step: Step): Promise<Step> {
  if (!step.rollbackCommand || !step.classification) return step;
  const verdict = deps.classifier.scan(step.rollbackCommand);
  const classification = {
    ...step.classification,
    rollback: {
      commandSha256: sha256Hex(step.rollbackCommand),
      level: verdict.level,
      target: verdict.target,
      deciding: verdict.deciding.message,
      ruleIds: verdict.reasons.map((r) => r.ruleId),
    },
  };
  return transitionStep(deps, trx, {
    step,
    event: 'offer_rollback',
    actor: 'system:engine',
    patch: { classification: JSON.stringify(classification) },
    audit: {
      type: 'execution.rollback_offered',
      data: { rollbackCommand: deps.redactCommand(step.rollbackCommand), level: verdict.level },
    },
  });
}

function tailOf(output: string): string {
  return output.length > STORED_TAIL_CHARS ? output.slice(-STORED_TAIL_CHARS) : output;
}
