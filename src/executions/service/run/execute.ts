import { stepMessage } from '../../../../blocks/step-message.js';
import { inTenant } from '../../../db/tenant-scope.js';
import { errorMessage } from '../../../lib/errors.js';
import { buildChildEnv } from '../../executor/child-env.js';
import { dryRun } from '../../executor/dry-run.js';
import type { RunRegistry } from '../../executor/run-registry.js';
import { startCommand } from '../../executor/start-command.js';
import type { RunResult } from '../../executor/types.js';
import { createOutputStreamer } from '../../output-stream.js';
import { findStep, isPosted, listSteps } from '../../repo/steps-repo.js';
import type { EngineDeps } from '../deps.js';
import { renderStepMessage } from '../render.js';
import { buildStepView } from '../step-view.js';
import type { Claim } from './claim.js';

export type Claimed = Extract<Claim, { kind: 'claimed' }>;

/**
 * Runs the claimed command (or shows it, in dry run) while its output streams into the
 * step's message. It is tracked in the worker's registry while it runs: ⛔ Abort and the
 * panic switch stop it there, killing its whole process tree.
 */
export async function executeClaimed(deps: EngineDeps, registry: RunRegistry, claim: Claimed): Promise<RunResult> {
  // A dry run has no output to stream: its settled message shows what would have run.
  if (claim.run.dryRun) return dryRun(claim.run.command);
  const streamer = await outputStreamer(deps, claim);
  let pushed = false;
  let result: RunResult;
  try {
    const command = startCommand({
      command: claim.run.command,
      timeoutMs: await timeoutFor(deps, claim),
      env: buildChildEnv(deps.settings.parentEnv, deps.settings.envAllowlist),
      outputCapBytes: deps.settings.outputCapBytes,
      containment: deps.settings.containment,
      onOutput: (chunk) => {
        pushed = true;
        streamer?.push(chunk.text);
      },
      logger: deps.logger,
    });
    registry.track(claim.run.id, command, claim.step.tenantId);
    result = await command.result;
  } catch (err) {
    result = startFailure(err);
  }
  // The settled message shows the output's tail and the result: no separate final update.
  if (pushed) await streamer?.cancel();
  return result;
}

async function timeoutFor(deps: EngineDeps, claim: Claimed): Promise<number> {
  const { step, execution, run } = claim;
  const level = (run.kind === 'rollback' ? step.classification?.rollback?.level : step.level) ?? 'unknown';
  const spec = await deps.runbooks.getSpec(execution.tenantId, execution.runbookVersionId);
  if (spec.timeoutSeconds) return spec.timeoutSeconds * 1000;
  const t = deps.settings.timeoutsMs;
  return level === 'safe' ? t.safe : level === 'caution' ? t.caution : t.dangerous;
}

async function outputStreamer(deps: EngineDeps, claim: Claimed) {
  const { step, execution } = claim;
  const messageTs = await postedMessageTs(deps, step.tenantId, step.id);
  if (!messageTs) return null;
  const total = await inTenant(deps.db, step.tenantId, async (trx) => (await listSteps(trx, execution.id)).length);
  const baseView = await buildStepView(deps, execution, step, total, null);
  return createOutputStreamer({
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
  });
}

/**
 * The ts of the step's message once it is really posted: a step that runs by itself may
 * be claimed while its first post still waits for the channel's slot.
 */
async function postedMessageTs(deps: EngineDeps, tenantId: string, stepId: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const step = await inTenant(deps.db, tenantId, (trx) => findStep(trx, stepId));
    if (step && isPosted(step)) return step.messageTs;
    if (Date.now() > deadline) return null;
    if (!step?.messageTs) await renderStepMessage(deps, tenantId, stepId);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function startFailure(err: unknown): RunResult {
  return {
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
