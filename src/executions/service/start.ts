import { DomainError } from '../../lib/errors.js';
import { sha256Hex } from '../../lib/hashing.js';
import { type Execution, findActiveExecutionForIncident, insertExecution, listSteps, updateStep } from '../repo.js';
import { variablesIn } from '../variables.js';
import { targetOf } from './advance.js';
import type { EngineDeps } from './deps.js';

export interface StartInput {
  tenantId: string;
  incidentId: string | null;
  runbookVersionId: string;
  userId: string;
  channelId: string;
  threadTs: string | null;
  dryRun: boolean;
}

/**
 * Opens a run: one row per step, all pending; the first step is reached by the advance
 * job. Commands without variables are classified now and their LLM opinions requested
 * in parallel, so steps rarely wait for the model when they are reached.
 */
export async function startExecution(deps: EngineDeps, input: StartInput): Promise<Execution> {
  const spec = await deps.runbooks.getSpec(input.tenantId, input.runbookVersionId);
  if (spec.steps.length === 0) throw new DomainError('runbook_empty', `Runbook “${spec.title}” has no steps to run.`);
  const mode = await deps.governance.mode(input.tenantId);
  let execution: Execution;
  try {
    execution = await deps.db.transaction().execute(async (trx) => {
      const created = await insertExecution(
        trx,
        {
          tenantId: input.tenantId,
          incidentId: input.incidentId,
          runbookVersionId: input.runbookVersionId,
          channelId: input.channelId,
          threadTs: input.threadTs,
          startedBy: input.userId,
          governanceMode: mode,
          dryRun: input.dryRun,
          variables: {},
        },
        spec.steps.map((s) => ({
          key: s.key,
          title: s.title,
          text: s.text,
          commandTemplate: s.command,
          rollbackCommand: s.rollback,
        })),
      );
      await deps.audit.append(
        {
          tenantId: input.tenantId,
          type: 'execution.started',
          actor: input.userId,
          subject: { type: 'execution', id: created.id },
          data: {
            incidentId: input.incidentId,
            runbookVersionId: input.runbookVersionId,
            runbookTitle: spec.title,
            steps: spec.steps.length,
            governanceMode: mode,
            trustLevel: spec.trustLevel,
            dryRun: input.dryRun,
          },
        },
        trx,
      );
      return created;
    });
  } catch (err) {
    if ((err as { code?: string }).code === '23505' && input.incidentId) {
      const active = await findActiveExecutionForIncident(deps.db, input.incidentId);
      throw new DomainError(
        'execution_finished',
        `A run for this incident is already under way${active ? ` (started by <@${active.startedBy}>)` : ''}: follow its thread.`,
      );
    }
    throw err;
  }
  await prewarmClassifications(
    deps,
    execution,
    spec.steps.flatMap((s) => s.variables),
  );
  // The thread opens with who started what, before the first step appears under it.
  await deps.chat.post({
    channel: execution.channelId,
    threadTs: execution.threadTs ?? undefined,
    text:
      `▶ Run started by <@${input.userId}>: *${spec.title}*, ${spec.steps.length} step${spec.steps.length === 1 ? '' : 's'}` +
      ` · ${mode} mode · trust level ${spec.trustLevel}${input.dryRun ? ' · dry run: commands are shown, not executed' : ''}.`,
  });
  await deps.jobs.enqueue('execution.advance', { executionId: execution.id });
  return execution;
}

async function prewarmClassifications(deps: EngineDeps, execution: Execution, variableNames: string[]): Promise<void> {
  const steps = await listSteps(deps.db, execution.id);
  for (const step of steps) {
    if (!step.commandTemplate || variablesIn(step.commandTemplate, variableNames).length > 0) continue;
    const command = step.commandTemplate;
    const commandSha256 = sha256Hex(command);
    const scanner = deps.classifier.scan(command);
    const llm = deps.classifier.opinion
      ? { status: 'pending' as const, requestedAt: deps.clock.now().toISOString() }
      : { status: 'disabled' as const };
    await updateStep(deps.db, step, {
      command,
      command_sha256: commandSha256,
      level: scanner.level,
      target: targetOf(scanner),
      classification: JSON.stringify({ commandSha256, scanner, llm, merged: null }),
    });
    if (llm.status === 'pending') {
      await deps.jobs.enqueue(
        'command.opinion',
        { stepId: step.id, commandSha256 },
        { jobId: `opinion__${step.id}__${commandSha256.slice(0, 16)}` },
      );
    }
  }
}
