import { createRunRegistry } from '../executor/run-registry.js';
import { createAbortAction } from './abort.js';
import { advanceExecution } from './advance.js';
import { createApprovalActions } from './approval-actions.js';
import { type ChooseInput, chooseBranch } from './branches.js';
import type { EngineDeps } from './deps.js';
import { expireApproval } from './expire.js';
import { haltTenant, resumeTenant } from './halt.js';
import { recordOpinion } from './opinion.js';
import { renderStepMessage } from './render.js';
import { reconcileLostRuns } from './run/reconcile.js';
import { runStep } from './run/run-step.js';
import { type StartInput, startExecution } from './start.js';
import { createStepActions } from './step-actions.js';

export type { StepActionInput } from './context.js';
export type { EngineDeps } from './deps.js';

/** The execution engine: what Slack listeners and job workers call. Every entry names its tenant. */
export function createExecutionService(deps: EngineDeps) {
  // The commands this process runs; a stop request (Abort, panic) reaches them here.
  const registry = createRunRegistry();
  return {
    start: (input: StartInput) => startExecution(deps, input),
    advance: (tenantId: string, executionId: string) => advanceExecution(deps, tenantId, executionId),
    runStep: (tenantId: string, runId: string) => runStep(deps, registry, tenantId, runId),
    recordOpinion: (tenantId: string, stepId: string, commandSha256: string) =>
      recordOpinion(deps, tenantId, stepId, commandSha256),
    expireApproval: (tenantId: string, stepId: string, requestedAt: string) =>
      expireApproval(deps, tenantId, stepId, requestedAt),
    reconcileLostRuns: () => reconcileLostRuns(deps),
    render: (tenantId: string, stepId: string) => renderStepMessage(deps, tenantId, stepId),
    /** A stop request reached this process: kill the command if it runs here. */
    stopLocal: (runId: string, reason: string) => registry.stop(runId, reason),
    stopAllLocal: (tenantId: string | null, reason: string) => registry.stopAll(reason, tenantId),
    runningLocal: () => registry.running(),
    /** Where a runbook forks, a person picks the option that applies. */
    choose: (input: ChooseInput) => chooseBranch(deps, input),
    halt: (tenantId: string, by: string, reason: string) => haltTenant(deps, tenantId, by, reason),
    resume: (tenantId: string) => resumeTenant(deps, tenantId),
    ...createApprovalActions(deps),
    ...createStepActions(deps),
    ...createAbortAction(deps),
  };
}

export type ExecutionService = ReturnType<typeof createExecutionService>;
