import type { Kysely } from 'kysely';
import type { AuditEventInput, StepEventData, StepEventType } from '../../audit/events.js';
import type { Database, ExecutionStepUpdate } from '../../db/types.js';
import { DomainError } from '../../lib/errors.js';
import { type StepEvent, transition } from '../machine.js';
import type { Step } from '../model.js';
import { updateStep } from '../repo/steps-repo.js';
import type { EngineDeps } from './deps.js';

export interface StepChange<K extends StepEventType> {
  step: Step;
  event: StepEvent;
  actor: string;
  patch?: ExecutionStepUpdate;
  audit: { type: K; data: StepEventData<K> };
}

/**
 * The only way a step changes state: checks the transition table, writes with the
 * optimistic lock and appends the audit fact, all in the caller's (tenant-scoped) transaction.
 */
export async function transitionStep<K extends StepEventType>(
  deps: Pick<EngineDeps, 'audit'>,
  trx: Kysely<Database>,
  change: StepChange<K>,
): Promise<Step> {
  const result = transition(change.step.state, change.event);
  if (!result.ok) throw new DomainError('step_not_actionable', capitalise(result.reason), { stepId: change.step.id });
  const updated = await updateStep(trx, change.step, { ...change.patch, state: result.to });
  const event = {
    tenantId: change.step.tenantId,
    type: change.audit.type,
    actor: change.actor,
    subject: { type: 'step', id: change.step.id },
    data: {
      executionId: change.step.executionId,
      stepIndex: change.step.index,
      from: change.step.state,
      to: result.to,
      ...change.audit.data,
    },
  } as AuditEventInput;
  await deps.audit.append(event, trx);
  return updated;
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase() + text.slice(1)}.`;
}
