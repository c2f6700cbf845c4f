import { stepMessage } from '../../../blocks/step-message.js';
import { consumeApproval, findApproval } from '../../approvals/repo.js';
import { errorMessage } from '../../lib/errors.js';
import { sha256Hex } from '../../lib/hashing.js';
import { buildChildEnv } from '../executor/child-env.js';
import { dryRun } from '../executor/dry-run.js';
import { runCommand } from '../executor/run-command.js';
import type { RunResult } from '../executor/types.js';
import { EXECUTING_STATES, type StepEvent } from '../machine.js';
import { createOutputStreamer } from '../output-stream.js';
import {
  type Execution,
  findExecution,
  findRun,
  findStaleRuns,
  findStep,
  heartbeat,
  listSteps,
  type Step,
  type StepClassification,
  setRunStatus,
} from '../repo.js';
import type { EngineDeps } from './deps.js';
import { bindingFor, buildStepView, renderStepMessage } from './messages.js';
import { transitionStep } from './transition-step.js';

/** How much output Postgres keeps per run (the Slack message shows less). */
const STORED_TAIL_CHARS = 16_000;

type Claim =
  | { kind: 'claimed'; runKind: 'command' | 'rollback'; command: string; step: Step; execution: Execution }
  | { kind: 'skip'; why: string }
  | { kind: 'possibly_lost' };

/**
 * The executor job. A run is claimed exactly once (queued → running in one transaction
 * that re-checks the approval binding); a redelivered job finds it already claimed and
 * never starts the command again.
 */
export async function runStep(deps: EngineDeps, runId: string): Promise<void> {
  const claim = await claimRun(deps, runId);
  if (claim.kind === 'skip') {
    deps.logger.info({ runId, why: claim.why }, 'step run not started');
    return;
  }
  if (claim.kind === 'possibly_lost') {
    await reconcileLostRuns(deps);
    return;
  }
  // The heartbeat covers the whole time this worker holds the run, not just the child process.
  const beat = setInterval(() => {
    heartbeat(deps.db, runId, deps.clock.now()).catch((err: unknown) =>
      deps.logger.warn({ err, runId }, 'heartbeat failed'),
    );
  }, deps.settings.heartbeatEveryMs);
  try {
    await renderStepMessage(deps, claim.step.id); // show "running" before any output arrives
    await execute(deps, runId, claim);
  } finally {
    clearInterval(beat);
  }
}

async function claimRun(deps: EngineDeps, runId: string): Promise<Claim> {
  let voided: { step: Step; reason: string; event: StepEvent } | null = null;
  const claim = await deps.db.transaction().execute(async (trx): Promise<Claim> => {
    const run = await findRun(trx, runId, true);
    if (!run) return { kind: 'skip', why: 'unknown run' };
    if (run.status === 'running') return { kind: 'possibly_lost' };
    if (run.status !== 'queued') return { kind: 'skip', why: `already ${run.status}` };
    const step = await findStep(trx, run.step_id, true);
    const execution = step ? await findExecution(trx, step.executionId) : null;
    if (!step || !execution) return { kind: 'skip', why: 'step gone' };
    const now = deps.clock.now();
    const cancel = async (event: StepEvent, reason: string): Promise<Claim> => {
      await setRunStatus(trx, runId, 'queued', { status: 'cancelled', finishedAt: now });
      if (EXECUTING_STATES.has(step.state)) {
        const updated = await transitionStep(deps, trx, {
          step,
          event,
          actor: 'system:executor',
          audit: {
            type: event === 'void_approval' ? 'execution.step_approval_expired' : 'execution.aborted',
            data: { runId, reason },
          },
        });
        voided = { step: updated, reason, event };
      }
      return { kind: 'skip', why: reason };
    };
    if (execution.state !== 'running')
      return cancel('cancel', `the run was ${execution.state} before the command started`);
    const expectedState = run.kind === 'rollback' ? 'rolling_back' : run.approval_id ? 'running' : 'auto_running';
    if (step.state !== expectedState) return { kind: 'skip', why: `step is ${step.state}, expected ${expectedState}` };
    // The command about to run must be, byte for byte, the one that was approved.
    const currentSha =
      run.kind === 'rollback'
        ? (step.classification as StepClassification | null)?.rollback?.commandSha256
        : step.commandSha256;
    if (sha256Hex(run.command) !== run.command_sha256 || run.command_sha256 !== currentSha) {
      return cancel('void_approval', 'the command no longer matches what was approved');
    }
    if (run.approval_id) {
      const approval = await findApproval(trx, run.approval_id);
      const binding = bindingFor(
        run.kind === 'rollback' ? { ...step, state: 'rollback_offered' } : { ...step, state: 'awaiting_approval' },
        execution.runbookVersionId,
      );
      if (!approval || approval.binding_sha256 !== binding)
        return cancel('void_approval', 'the approval does not match this command');
      if (approval.expires_at <= now)
        return cancel('void_approval', 'the approval expired before a worker could start it');
      if (!(await consumeApproval(trx, approval.id, now)))
        return cancel('void_approval', 'the approval was already used');
    } else if (run.kind !== 'command' || step.level !== 'safe' || step.policy?.gate !== 'auto') {
      // Defence in depth: only a 🟢 step the policy auto-approved may run without a person.
      return cancel('void_approval', 'no approval, and the step is not an auto-approved safe step');
    }
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
          commandSha256: run.command_sha256,
          dryRun: run.dry_run,
          workerId: deps.settings.workerId,
        },
      },
      trx,
    );
    return { kind: 'claimed', runKind: run.kind, command: run.command, step, execution };
  });
  if (voided) await renderStepMessage(deps, (voided as { step: Step }).step.id);
  return claim;
}

async function execute(deps: EngineDeps, runId: string, claim: Extract<Claim, { kind: 'claimed' }>): Promise<void> {
  const { step, execution, command } = claim;
  const level = (claim.runKind === 'rollback' ? step.classification?.rollback?.level : step.level) ?? 'unknown';
  const spec = await deps.runbooks.getSpec(execution.tenantId, execution.runbookVersionId);
  const timeoutMs = spec.timeoutSeconds
    ? spec.timeoutSeconds * 1000
    : level === 'safe'
      ? deps.settings.timeoutsMs.safe
      : level === 'caution'
        ? deps.settings.timeoutsMs.caution
        : deps.settings.timeoutsMs.dangerous;

  const total = (await listSteps(deps.db, execution.id)).length;
  const baseView = await buildStepView(deps, execution, step, total, null);
  const messageTs = await postedMessageTs(deps, step.id);
  let pushed = false;
  const streamer = messageTs
    ? createOutputStreamer({
        chat: deps.chat,
        ref: { channel: execution.channelId, ts: messageTs },
        render: (view) =>
          stepMessage({
            ...baseView,
            output: {
              tail: view.tail,
              note: view.truncatedLines > 0 ? `${view.truncatedLines} earlier lines not shown` : null,
            },
            durationMs: view.elapsedMs,
          }),
        clock: deps.clock,
        logger: deps.logger,
      })
    : null;

  let result: RunResult;
  try {
    result = execution.dryRun
      ? dryRun(command)
      : await runCommand({
          command,
          timeoutMs,
          env: buildChildEnv(deps.settings.parentEnv, deps.settings.envAllowlist),
          outputCapBytes: deps.settings.outputCapBytes,
          onOutput: (chunk) => {
            pushed = true;
            streamer?.push(chunk.text);
          },
          logger: deps.logger,
        });
  } catch (err) {
    result = {
      exitCode: null,
      signal: null,
      timedOut: false,
      aborted: false,
      output: `The command could not be run: ${errorMessage(err)}`,
      outputBytes: 0,
      truncated: false,
      durationMs: 0,
      pid: undefined,
      startError: errorMessage(err),
    };
  }
  if (execution.dryRun) {
    pushed = true;
    streamer?.push(result.output);
  }
  // Without output there is nothing to flush: the settled message shows the result.
  if (pushed) await streamer?.finish();
  await settleRun(deps, runId, claim, result);
}

async function settleRun(
  deps: EngineDeps,
  runId: string,
  claim: Extract<Claim, { kind: 'claimed' }>,
  result: RunResult,
): Promise<void> {
  const rollback = claim.runKind === 'rollback';
  const ok = result.exitCode === 0 && !result.timedOut;
  const event: StepEvent = rollback
    ? ok
      ? 'rollback_succeed'
      : 'rollback_fail'
    : ok
      ? 'succeed'
      : result.timedOut
        ? 'time_out'
        : 'fail';
  const status = ok ? 'succeeded' : result.timedOut ? 'timed_out' : 'failed';
  const tail = result.output.length > STORED_TAIL_CHARS ? result.output.slice(-STORED_TAIL_CHARS) : result.output;
  const truncated = result.truncated || tail.length < result.output.length;
  const now = deps.clock.now();
  const settled = await deps.db.transaction().execute(async (trx) => {
    const moved = await setRunStatus(trx, runId, 'running', {
      status,
      exitCode: result.exitCode,
      outputTail: tail,
      outputBytes: result.outputBytes,
      outputTruncated: truncated,
      durationMs: Math.round(result.durationMs),
      finishedAt: now,
    });
    if (!moved) return null; // declared lost meanwhile: a person decides, never this worker
    const step = await findStep(trx, claim.step.id, true);
    if (!step) return null;
    let updated = await transitionStep(deps, trx, {
      step,
      event,
      actor: 'system:executor',
      patch: {
        exit_code: result.exitCode,
        output_tail: tail,
        output_truncated: truncated,
        started_at: claim.step.startedAt ?? new Date(now.getTime() - result.durationMs),
        finished_at: now,
      },
      audit: {
        type: rollback
          ? ok
            ? 'execution.step_succeeded'
            : 'execution.step_failed'
          : ok
            ? 'execution.step_succeeded'
            : result.timedOut
              ? 'execution.step_timed_out'
              : 'execution.step_failed',
        data: {
          runId,
          kind: claim.runKind,
          exitCode: result.exitCode,
          signal: result.signal,
          durationMs: result.durationMs,
          outputBytes: result.outputBytes,
          dryRun: claim.execution.dryRun,
        },
      },
    });
    if (!ok && !rollback && updated.rollbackCommand) {
      const verdict = deps.classifier.scan(updated.rollbackCommand);
      const classification = {
        ...(updated.classification as StepClassification),
        rollback: {
          commandSha256: sha256Hex(updated.rollbackCommand),
          level: verdict.level,
          target: verdict.target,
          deciding: verdict.deciding.message,
          ruleIds: verdict.reasons.map((r) => r.ruleId),
        },
      };
      updated = await transitionStep(deps, trx, {
        step: updated,
        event: 'offer_rollback',
        actor: 'system:engine',
        patch: { classification: JSON.stringify(classification) },
        audit: {
          type: 'execution.rollback_offered',
          data: { rollbackCommand: updated.rollbackCommand, level: verdict.level },
        },
      });
    }
    return updated;
  });
  if (!settled) return;
  await renderStepMessage(deps, settled.id);
  await deps.jobs.enqueue('execution.advance', { executionId: claim.execution.id });
}

/** A run whose worker stopped reporting goes to manual intervention; it is never re-run. */
export async function reconcileLostRuns(deps: EngineDeps): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - deps.settings.heartbeatStaleMs);
  const stale = await findStaleRuns(deps.db, cutoff);
  let lost = 0;
  for (const run of stale) {
    const step = await deps.db.transaction().execute(async (trx) => {
      const moved = await setRunStatus(trx, run.id, 'running', { status: 'lost', finishedAt: deps.clock.now() });
      if (!moved) return null;
      const current = await findStep(trx, run.step_id, true);
      if (!current || !EXECUTING_STATES.has(current.state)) return null;
      return transitionStep(deps, trx, {
        step: current,
        event: 'lose_worker',
        actor: 'system:executor',
        audit: {
          type: 'execution.step_needs_manual_intervention',
          data: { runId: run.id, workerId: run.worker_id, lastHeartbeat: run.heartbeat_at?.toISOString() ?? null },
        },
      });
    });
    if (step) {
      lost += 1;
      await renderStepMessage(deps, step.id);
    }
  }
  return lost;
}

/**
 * The ts of the step's message once it is really posted: a step that runs by itself may
 * be claimed while its first post still waits for the channel's slot ("posting:…").
 */
async function postedMessageTs(deps: EngineDeps, stepId: string, timeoutMs = 15_000): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ts = (await findStep(deps.db, stepId))?.messageTs ?? null;
    if (ts && !ts.startsWith('posting:')) return ts;
    if (Date.now() > deadline) return null;
    if (!ts) await renderStepMessage(deps, stepId);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
