import { runStartedMessage } from '../../../blocks/run-started.js';
import { esc } from '../../../blocks/text.js';
import { inTenant } from '../../db/tenant-scope.js';
import { haltedWords } from '../../governance/panic-state.js';
import { DomainError } from '../../lib/errors.js';
import type { Execution } from '../model.js';
import type { RunbookSpec } from '../ports.js';
import { type AlertContext, prefillFromAlert } from '../prefill.js';
import { findActiveExecutionForIncident, insertExecution } from '../repo/executions-repo.js';
import { listSteps } from '../repo/steps-repo.js';
import { variablesIn } from '../variables.js';
import { classifyCommand, requestOpinion } from './classify-step.js';
import type { EngineDeps } from './deps.js';

export interface StartInput {
  tenantId: string;
  incidentId: string | null;
  runbookVersionId: string;
  userId: string;
  channelId: string;
  threadTs: string | null;
  dryRun: boolean;
  /** What the alert says (its service and labels): runbook variables are offered from it. */
  alert?: AlertContext | null;
}

/**
 * Opens a run: one row per step, all pending; the first step is reached by the advance
 * job. Commands without variables are classified now and their LLM opinions requested
 * in parallel, so steps rarely wait for the model when they are reached.
 */
export async function startExecution(deps: EngineDeps, input: StartInput): Promise<Execution> {
  await deps.authz.require({ tenantId: input.tenantId, userId: input.userId }, 'run.start');
  const halted = await deps.panic.stateFor(input.tenantId);
  if (halted) throw new DomainError('execution_halted', haltedWords(halted));
  const spec = await deps.runbooks.getSpec(input.tenantId, input.runbookVersionId);
  if (spec.steps.length === 0) throw new DomainError('runbook_empty', `Runbook “${spec.title}” has no steps to run.`);
  const lock = await deps.runbooks.lockOf(input.tenantId, input.runbookVersionId);
  if (lock) {
    throw new DomainError(
      'runbook_locked',
      `Runbook “${esc(spec.title)}” is locked by <@${lock.lockedBy}>${lock.reason ? ` (${esc(lock.reason)})` : ''}: no new runs start from it.`,
    );
  }
  const mode = await deps.governance.mode(input.tenantId);
  const execution = await insertRun(deps, input, spec, mode);
  await prewarmClassifications(deps, execution, spec);
  // The thread opens with who started what, before the first step appears under it.
  await deps.chat.post({
    channel: execution.channelId,
    threadTs: execution.threadTs ?? undefined,
    ...runStartedMessage({
      startedBy: input.userId,
      runbookTitle: spec.title,
      steps: spec.steps.length,
      mode,
      trustLevel: spec.trustLevel,
      dryRun: input.dryRun,
      prerequisites: (spec.prerequisites ?? []).map((p) => p.text),
    }),
  });
  await deps.jobs.enqueue('execution.advance', { tenantId: execution.tenantId, executionId: execution.id });
  return execution;
}

async function insertRun(deps: EngineDeps, input: StartInput, spec: RunbookSpec, mode: 'strict' | 'audit') {
  try {
    return await inTenant(deps.db, input.tenantId, async (trx) => {
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
          prefill: prefillFor(spec, input.alert ?? null),
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
    if ((err as { code?: string }).code !== '23505' || !input.incidentId) throw err;
    const active = await inTenant(deps.db, input.tenantId, (trx) =>
      findActiveExecutionForIncident(trx, input.incidentId!),
    );
    throw new DomainError(
      'execution_finished',
      `A run for this incident is already under way${active ? ` (started by <@${active.startedBy}>)` : ''}: follow its thread.`,
    );
  }
}

function prefillFor(spec: RunbookSpec, alert: AlertContext | null) {
  const variables = spec.variables.map((v) => ({
    name: v.name,
    from: v.from ?? null,
    pattern: v.pattern,
    allowMetacharacters: spec.allowMetacharacters.includes(v.name),
  }));
  return prefillFromAlert(variables, alert);
}

async function prewarmClassifications(deps: EngineDeps, execution: Execution, spec: RunbookSpec): Promise<void> {
  const variableNames = spec.steps.flatMap((s) => s.variables);
  const classified = await inTenant(deps.db, execution.tenantId, async (trx) => {
    const asked = [];
    for (const step of await listSteps(trx, execution.id)) {
      const template = step.commandTemplate;
      if (!template || variablesIn(template, variableNames).length > 0) continue;
      const result = await classifyCommand(deps, trx, step, template);
      if (result.opinionRequested) asked.push(result.step);
    }
    return asked;
  });
  for (const step of classified) await requestOpinion(deps, step);
}
