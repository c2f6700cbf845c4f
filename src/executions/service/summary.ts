import { executionSummaryMessage, type SummaryStepView } from '../../../blocks/execution-summary.js';
import { inTenant } from '../../db/tenant-scope.js';
import { suggestRunbookEdits } from '../divergence.js';
import { transitionRun } from '../machine.js';
import type { Execution } from '../model.js';
import { updateExecution } from '../repo/executions-repo.js';
import { listRuns } from '../repo/step-runs-repo.js';
import { listSteps } from '../repo/steps-repo.js';
import type { EngineDeps } from './deps.js';

type SummaryDeps = Pick<EngineDeps, 'db' | 'audit' | 'chat' | 'clock' | 'runbooks' | 'approvals' | 'redactCommand'>;

/** Marks a run completed (once) and posts the summary with suggested runbook edits. */
export async function completeExecution(deps: SummaryDeps, execution: Execution): Promise<void> {
  if (!transitionRun(execution.state, 'complete').ok) return;
  const done = await inTenant(deps.db, execution.tenantId, async (trx) => {
    const updated = await updateExecution(trx, execution, { state: 'completed', finishedAt: deps.clock.now() }).catch(
      () => null, // another worker completed it a moment ago
    );
    if (!updated) return null;
    await deps.audit.append(
      {
        tenantId: execution.tenantId,
        type: 'execution.completed',
        actor: 'system:engine',
        subject: { type: 'execution', id: execution.id },
        data: { dryRun: execution.dryRun },
      },
      trx,
    );
    // The run's last step is done: its incident is mitigated (MTTR's middle mark). A dry run ran nothing.
    if (execution.incidentId && !execution.dryRun) {
      await trx
        .updateTable('incidents')
        .set({ mitigated_at: deps.clock.now() })
        .where('id', '=', execution.incidentId)
        .where('mitigated_at', 'is', null)
        .execute();
    }
    return updated;
  });
  if (done) await postSummary(deps, done);
}

export async function postSummary(deps: SummaryDeps, execution: Execution): Promise<void> {
  const message = executionSummaryMessage(await buildSummary(deps, execution));
  await deps.chat.post({ channel: execution.channelId, threadTs: execution.threadTs ?? undefined, ...message });
}

export async function buildSummary(deps: SummaryDeps, execution: Execution) {
  const { steps, runs, approvers } = await inTenant(deps.db, execution.tenantId, async (trx) => ({
    steps: await listSteps(trx, execution.id),
    runs: await listRuns(trx, execution.id),
    approvers: await deps.approvals.approversByStep(trx, execution.id),
  }));
  const events = await deps.audit.list({
    tenantId: execution.tenantId,
    subjectIds: [execution.id, ...steps.map((s) => s.id)],
    types: ['execution.step_edited', 'execution.aborted'],
    limit: 5000,
  });
  const spec = await deps.runbooks.getSpec(execution.tenantId, execution.runbookVersionId);
  const stepViews: SummaryStepView[] = steps.map((s) => {
    const last = runs.filter((r) => r.stepId === s.id && r.durationMs !== null).at(-1);
    const edits = events.filter((e) => e.subjectId === s.id && e.type === 'execution.step_edited');
    const original = spec.steps[s.index - 1]?.command ?? null;
    return {
      index: s.index,
      title: deps.redactCommand(s.title),
      state: s.state,
      level: s.level,
      approvedBy: approvers.get(s.id) ?? [],
      editedFrom: edits.length ? String(edits[0]!.data.fromCommand ?? deps.redactCommand(original ?? '')) : null,
      editedTo: edits.length ? String(edits.at(-1)!.data.toCommand ?? '') : null,
      durationMs: last?.durationMs ?? null,
      exitCode: last?.exitCode ?? null,
    };
  });
  const aborted = events.find((e) => e.type === 'execution.aborted' && e.subjectId === execution.id);
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
