import { executionSummaryMessage, type SummaryStepView } from '../../../blocks/execution-summary.js';
import { listApprovalsForExecution } from '../../approvals/repo.js';
import { suggestRunbookEdits } from '../divergence.js';
import { type Execution, listRuns, listSteps, updateExecution } from '../repo.js';
import type { EngineDeps } from './deps.js';

/** Marks a run completed (once) and posts the summary with suggested runbook edits. */
export async function completeExecution(deps: EngineDeps, execution: Execution): Promise<void> {
  const done = await deps.db.transaction().execute(async (trx) => {
    const updated = await updateExecution(trx, execution, { state: 'completed', finishedAt: deps.clock.now() }).catch(
      () => null,
    );
    if (!updated) return null;
    await deps.audit.append(
      {
        tenantId: execution.tenantId,
        type: 'execution.completed',
        actor: 'system:engine',
        subject: { type: 'execution', id: execution.id },
      },
      trx,
    );
    return updated;
  });
  if (done) await postSummary(deps, done);
}

export async function postSummary(deps: EngineDeps, execution: Execution): Promise<void> {
  const view = await buildSummary(deps, execution);
  const message = executionSummaryMessage(view);
  await deps.chat.post({ channel: execution.channelId, threadTs: execution.threadTs ?? undefined, ...message });
}

export async function buildSummary(deps: EngineDeps, execution: Execution) {
  const steps = await listSteps(deps.db, execution.id);
  const approvals = await listApprovalsForExecution(deps.db, execution.id);
  const runs = await listRuns(deps.db, execution.id);
  const edits = await deps.audit.list({
    tenantId: execution.tenantId,
    subjectIds: [execution.id, ...steps.map((s) => s.id)],
    types: ['execution.step_edited', 'execution.aborted'],
    limit: 5000,
  });
  const spec = await deps.runbooks.getSpec(execution.tenantId, execution.runbookVersionId);
  const stepViews: SummaryStepView[] = steps.map((s) => {
    const stepRuns = runs.filter((r) => r.step_id === s.id && r.duration_ms !== null);
    const last = stepRuns.at(-1);
    const edit = edits.filter((e) => e.subjectId === s.id && e.type === 'execution.step_edited');
    return {
      index: s.index,
      title: s.title,
      state: s.state,
      level: s.level,
      approvedBy: [...new Set(approvals.filter((a) => a.step_id === s.id).map((a) => a.approver))],
      editedFrom: edit.length ? String(edit[0]!.data.from_command ?? spec.steps[s.index - 1]?.command ?? '') : null,
      editedTo: edit.length ? String(edit.at(-1)!.data.to_command ?? '') : null,
      durationMs: last?.duration_ms ?? null,
      exitCode: last?.exit_code ?? null,
    };
  });
  const aborted = edits.find((e) => e.type === 'execution.aborted' && e.subjectId === execution.id);
  return {
    runbookTitle: spec.title,
    outcome: execution.state === 'aborted' ? ('aborted' as const) : ('completed' as const),
    startedBy: execution.startedBy,
    abortedBy: aborted?.actor ?? null,
    durationMs: (execution.finishedAt ?? deps.clock.now()).getTime() - execution.createdAt.getTime(),
    dryRun: execution.dryRun,
    steps: stepViews,
    suggestions: suggestRunbookEdits(stepViews),
  };
}
