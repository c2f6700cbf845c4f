import { advanceExecution } from './advance.js';
import { createApprovalActions } from './approval-actions.js';
import type { EngineDeps } from './deps.js';
import { expireApproval } from './expire.js';
import { renderStepMessage } from './messages.js';
import { recordOpinion } from './opinion.js';
import { type StartInput, startExecution } from './start.js';
import { createStepActions } from './step-actions.js';
import { reconcileLostRuns, runStep } from './step-runner.js';

export type { EngineDeps } from './deps.js';

/** The execution engine: what Slack listeners and job workers call. */
export function createExecutionService(deps: EngineDeps) {
  return {
    start: (input: StartInput) => startExecution(deps, input),
    advance: (executionId: string) => advanceExecution(deps, executionId),
    runStep: (runId: string) => runStep(deps, runId),
    recordOpinion: (stepId: string, commandSha256: string) => recordOpinion(deps, stepId, commandSha256),
    expireApproval: (stepId: string, requestedAt: string) => expireApproval(deps, stepId, requestedAt),
    reconcileLostRuns: () => reconcileLostRuns(deps),
    render: (stepId: string) => renderStepMessage(deps, stepId),
    ...createApprovalActions(deps),
    ...createStepActions(deps),
  };
}

export type ExecutionService = ReturnType<typeof createExecutionService>;
