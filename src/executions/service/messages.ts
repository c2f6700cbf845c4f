import { sql } from 'kysely';
import { type StepMessageView, stepMessage } from '../../../blocks/step-message.js';
import { userRef } from '../../../blocks/text.js';
import { approvalBinding } from '../../approvals/binding.js';
import { type Execution, findExecution, findStep, latestRun, listSteps, type Step } from '../repo.js';
import type { EngineDeps } from './deps.js';

const POSTING = 'posting:';
const POSTING_STALE_MS = 60_000;

const HISTORY_VERBS: Record<string, string> = {
  'execution.step_approved': '✅ approved by',
  'execution.step_edited': '✏️ edited by',
  'execution.step_skipped': '⏭ skipped by',
  'execution.variables_set': '📝 values from',
  'execution.step_auto_approved': '🤖 auto-approved by policy',
  'execution.rollback_started': '↩️ rollback approved by',
  'execution.aborted': '⛔ aborted by',
  'execution.step_approval_expired': '⌛ expired',
};

/** Binding of the step's current command (or its offered rollback), as carried by its buttons. */
export function bindingFor(step: Step, runbookVersionId: string, rollback = step.state === 'rollback_offered'): string {
  const sha = rollback ? (step.classification?.rollback?.commandSha256 ?? '') : (step.commandSha256 ?? '');
  return approvalBinding({
    commandSha256: sha,
    target: rollback ? (step.classification?.rollback?.target ?? null) : step.target,
    runbookVersionId,
    stepId: step.id,
    rollback,
  });
}

export async function buildStepView(
  deps: EngineDeps,
  execution: Execution,
  step: Step,
  total: number,
  output?: { tail: string; note: string | null } | null,
): Promise<StepMessageView> {
  const events = await deps.audit.list({ tenantId: step.tenantId, subjectId: step.id, limit: 200 });
  const history = events
    .filter((e) => HISTORY_VERBS[e.type])
    .map((e) => {
      const verb = HISTORY_VERBS[e.type]!;
      return e.actor.startsWith('system:') ? verb : `${verb} ${userRef(e.actor)}`;
    });
  const run = step.command ? await latestRun(deps.db, step.id) : null;
  const rollback = step.state === 'rollback_offered' ? step.classification?.rollback : undefined;
  const llm = step.classification?.llm;
  const scannerReason = step.classification?.scanner.deciding.message ?? null;
  const llmRaised =
    llm?.status === 'done' &&
    step.classification?.merged &&
    step.classification.merged.level !== step.classification.scanner.level;
  const missing = step.state === 'awaiting_variables' ? missingVariables(step, execution) : [];
  return {
    stepId: step.id,
    binding: bindingFor(step, execution.runbookVersionId),
    index: step.index,
    total,
    title: step.title,
    text: step.text,
    command: step.command ?? step.commandTemplate,
    level: rollback ? (rollback.level as Step['level']) : step.level,
    levelReason: rollback
      ? `rollback command: ${rollback.deciding}`
      : llmRaised && llm?.status === 'done'
        ? `LLM second opinion (${Math.round(llm.confidence * 100)}% sure): ${llm.reasoning}`
        : scannerReason,
    target: rollback ? rollback.target : step.target,
    state: step.state,
    gate: step.policy?.gate ?? null,
    gateReason: step.policy?.reason ?? null,
    approvalExpiresAt: step.approvalExpiresAt,
    missingVariables: missing,
    rollbackCommand: step.rollbackCommand,
    dryRun: execution.dryRun,
    history,
    output:
      output !== undefined
        ? output
        : step.outputTail !== null
          ? { tail: step.outputTail, note: outputNote(step.outputTruncated, Number(run?.output_bytes ?? 0)) }
          : null,
    exitCode: step.exitCode,
    durationMs: run?.duration_ms ?? null,
  };
}

export function missingVariables(step: Step, execution: Execution): string[] {
  const needed = step.policy?.variables ?? [];
  return needed.filter((name) => execution.variables[name] === undefined);
}

/**
 * Shows the step's current state in its thread message: posts it the first time (one
 * poster wins a claim on the row), updates it afterwards, and re-renders if the step
 * changed while the message was being sent.
 */
export async function renderStepMessage(deps: EngineDeps, stepId: string): Promise<void> {
  const step = await findStep(deps.db, stepId);
  if (!step) return;
  const execution = await findExecution(deps.db, step.executionId);
  if (!execution) return;
  if (!step.messageTs || step.messageTs.startsWith(POSTING)) {
    await postStepMessage(deps, execution, step);
    return;
  }
  await updateWithLatest(deps, execution, step);
}

async function postStepMessage(deps: EngineDeps, execution: Execution, step: Step): Promise<void> {
  const now = deps.clock.now().getTime();
  const claim = await sql<{ id: string }>`
    update execution_steps set message_ts = ${`${POSTING}${now}`}
    where id = ${step.id}
      and (message_ts is null
           or (message_ts like 'posting:%' and substr(message_ts, 9)::bigint < ${now - POSTING_STALE_MS}))
    returning id`.execute(deps.db);
  if (claim.rows.length === 0) return; // someone else is posting it
  const latest = (await findStep(deps.db, step.id))!;
  const total = (await listSteps(deps.db, execution.id)).length;
  const message = stepMessage(await buildStepView(deps, execution, latest, total));
  let ts: string;
  try {
    const ref = await deps.chat.post({
      channel: execution.channelId,
      threadTs: execution.threadTs ?? undefined,
      ...message,
    });
    ts = ref.ts;
  } catch (err) {
    await deps.db.updateTable('execution_steps').set({ message_ts: null }).where('id', '=', step.id).execute();
    throw err;
  }
  await deps.db.updateTable('execution_steps').set({ message_ts: ts }).where('id', '=', step.id).execute();
  const after = (await findStep(deps.db, step.id))!;
  if (after.version !== latest.version) await updateWithLatest(deps, execution, after);
}

async function updateWithLatest(deps: EngineDeps, execution: Execution, step: Step): Promise<void> {
  const total = (await listSteps(deps.db, execution.id)).length;
  let current = step;
  // At most a few rounds: each round shows the newest state; stop once nothing changed meanwhile.
  for (let round = 0; round < 3; round++) {
    const message = stepMessage(await buildStepView(deps, execution, current, total));
    await deps.chat.update({ channel: execution.channelId, ts: current.messageTs! }, message);
    const after = await findStep(deps.db, step.id);
    if (!after || after.version === current.version) return;
    current = after;
  }
}

function outputNote(truncated: boolean, bytes: number): string | null {
  if (!truncated) return null;
  const size = bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${(bytes / 1000).toFixed(1)} kB`;
  return `${size} of output: only the end is shown`;
}
