import type { StepEventData, StepEventType } from '../../audit/events.js';
import { inTenant } from '../../db/tenant-scope.js';
import type { Principal } from '../../governance/authorizer.js';
import { DomainError } from '../../lib/errors.js';
import type { StepEvent } from '../machine.js';
import { updateExecution } from '../repo/executions-repo.js';
import { validateVariableValue } from '../variables.js';
import { type ActionContext, auditedAction, loadBound, type StepActionInput } from './context.js';
import type { EngineDeps } from './deps.js';
import { renderStepMessage } from './render.js';
import { transitionStep } from './transition-step.js';

const MAX_COMMAND_LENGTH = 4000;

/** The level a step's gate rests on; a command not classified yet counts as ⬜ unknown. */
function levelOf(ctx: ActionContext): string | null {
  const { step } = ctx;
  if (step.classification?.merged) return step.classification.merged.level;
  if (step.level) return step.level;
  return step.commandTemplate ? 'unknown' : null;
}

/**
 * Skipping or marking done an instruction or a 🟢 step needs a responder; doing it to a
 * 🟡/⬜/🔴 step needs what approving it would need (the runbook's approvers).
 */
async function requireForLevel(
  deps: EngineDeps,
  who: Principal,
  ctx: ActionContext,
  action: 'step.skip' | 'step.mark_done',
): Promise<void> {
  const level = levelOf(ctx);
  if (level === null || level === 'safe') return deps.authz.require(who, action);
  const runbook = { title: ctx.spec.title, approvers: ctx.spec.approvers, createdBy: ctx.spec.createdBy };
  return deps.authz.requireRunbookApprover(who, action, runbook);
}

/** A human decision that moves the step and lets the run go on. */
async function decide<K extends StepEventType>(
  deps: EngineDeps,
  ctx: ActionContext,
  who: Principal,
  event: StepEvent,
  audit: { type: K; data: StepEventData<K> },
): Promise<void> {
  await inTenant(deps.db, who.tenantId, (trx) =>
    transitionStep(deps, trx, { step: ctx.step, event, actor: who.userId, patch: { decided_by: who.userId }, audit }),
  );
  await renderStepMessage(deps, who.tenantId, ctx.step.id);
  await deps.jobs.enqueue('execution.advance', { tenantId: who.tenantId, executionId: ctx.execution.id });
}

async function skip(deps: EngineDeps, input: StepActionInput): Promise<void> {
  const ctx = await loadBound(deps, input);
  await requireForLevel(deps, input, ctx, 'step.skip');
  await decide(deps, ctx, input, 'skip', { type: 'execution.step_skipped', data: { level: levelOf(ctx) } });
}

/** An instruction done, or a command whose worker died that finished fine. */
async function markDone(deps: EngineDeps, input: StepActionInput): Promise<void> {
  const ctx = await loadBound(deps, input);
  const instruction = ctx.step.state === 'awaiting_approval' && ctx.step.approvalKind === 'manual';
  if (!instruction && ctx.step.state !== 'manual_intervention') {
    throw new DomainError(
      'step_not_actionable',
      'Only an instruction, or a command whose worker stopped, can be marked done.',
    );
  }
  await requireForLevel(deps, input, ctx, 'step.mark_done');
  await decide(deps, ctx, input, 'mark_done', { type: 'execution.step_marked_done', data: { level: levelOf(ctx) } });
}

/** A plain decision that needs one role: mark failed, retry, ask again. */
function simpleDecision<
  K extends 'execution.step_marked_failed' | 'execution.step_retried' | 'execution.approval_rerequested',
>(action: 'step.mark_done' | 'step.retry' | 'step.rerequest', event: StepEvent, type: K) {
  return async (deps: EngineDeps, input: StepActionInput): Promise<void> => {
    const ctx = await loadBound(deps, input);
    await deps.authz.require(input, action);
    await decide(deps, ctx, input, event, { type, data: {} as StepEventData<K> });
  };
}

const markFailed = simpleDecision('step.mark_done', 'resolve_failed', 'execution.step_marked_failed');
const retry = simpleDecision('step.retry', 'retry', 'execution.step_retried');
const rerequest = simpleDecision('step.rerequest', 'rerequest', 'execution.approval_rerequested');

async function prepareEdit(deps: EngineDeps, input: StepActionInput) {
  const ctx = await loadBound(deps, input);
  await deps.authz.require(input, 'step.edit');
  assertEditable(ctx);
  // The editor starts from the real command (an edit of a redacted text would run the redaction).
  return { title: deps.redactCommand(ctx.step.title), command: ctx.step.command ?? ctx.step.commandTemplate ?? '' };
}

/** An edit voids any approval: the new command is classified and approved afresh. */
async function edit(deps: EngineDeps, input: StepActionInput & { command: string }): Promise<void> {
  const ctx = await loadBound(deps, input);
  await deps.authz.require(input, 'step.edit');
  assertEditable(ctx);
  const command = checkedCommand(input.command);
  await inTenant(deps.db, input.tenantId, (trx) =>
    transitionStep(deps, trx, {
      step: ctx.step,
      event: 'edit',
      actor: input.userId,
      patch: editedStepPatch(ctx, command, input.userId),
      audit: {
        type: 'execution.step_edited',
        data: {
          fromCommand: deps.redactCommand(ctx.step.command ?? ctx.step.commandTemplate ?? ''),
          toCommand: deps.redactCommand(command),
        },
      },
    }),
  );
  // The advance job re-renders the step once the edited command is classified.
  await deps.jobs.enqueue('execution.advance', { tenantId: input.tenantId, executionId: ctx.execution.id });
}

async function loadAwaitingValues(deps: EngineDeps, input: StepActionInput): Promise<ActionContext> {
  const ctx = await loadBound(deps, input);
  await deps.authz.require(input, 'step.provide_variables');
  if (ctx.step.state !== 'awaiting_variables') {
    throw new DomainError('step_not_actionable', 'This step does not need values any more.');
  }
  return ctx;
}

async function prepareVariables(deps: EngineDeps, input: StepActionInput) {
  const ctx = await loadAwaitingValues(deps, input);
  const names = (ctx.step.policy?.variables ?? []).filter((n) => ctx.execution.variables[n] === undefined);
  const fields = names.map((name) => {
    const declared = ctx.spec.variables.find((v) => v.name === name);
    const fromAlert = ctx.execution.prefill[name];
    return {
      name,
      description: declared?.description ?? null,
      default: fromAlert?.value ?? declared?.default ?? null,
      source: fromAlert ? `Filled in from ${fromAlert.source}` : declared?.default ? 'The runbook’s default' : null,
    };
  });
  // Shown to whoever fills in the values: redacted as on the step card.
  return {
    title: deps.redactCommand(ctx.step.title),
    command: deps.redactCommand(ctx.step.commandTemplate ?? ''),
    fields,
  };
}

/** Returns field errors (the modal stays open) or null when the values were taken. */
async function setVariables(
  deps: EngineDeps,
  input: StepActionInput & { values: Record<string, string> },
): Promise<Record<string, string> | null> {
  const ctx = await loadAwaitingValues(deps, input);
  const checked = checkValues(ctx, input.values);
  if (Object.keys(checked.errors).length > 0) return checked.errors;
  await inTenant(deps.db, input.tenantId, async (trx) => {
    await updateExecution(trx, ctx.execution, { variables: { ...ctx.execution.variables, ...checked.values } });
    await transitionStep(deps, trx, {
      step: ctx.step,
      event: 'variables_set',
      actor: input.userId,
      audit: { type: 'execution.variables_set', data: { values: checked.values } },
    });
  });
  await deps.jobs.enqueue('execution.advance', { tenantId: input.tenantId, executionId: ctx.execution.id });
  return null;
}

/** Every step action a person can take, each audited when refused. */
export function createStepActions(deps: EngineDeps) {
  type In = StepActionInput;
  return {
    skip: (i: In) => auditedAction(deps, 'skip', i, () => skip(deps, i)),
    markDone: (i: In) => auditedAction(deps, 'mark_done', i, () => markDone(deps, i)),
    markFailed: (i: In) => auditedAction(deps, 'mark_failed', i, () => markFailed(deps, i)),
    retry: (i: In) => auditedAction(deps, 'retry', i, () => retry(deps, i)),
    rerequest: (i: In) => auditedAction(deps, 'rerequest', i, () => rerequest(deps, i)),
    prepareEdit: (i: In) => auditedAction(deps, 'edit_open', i, () => prepareEdit(deps, i)),
    edit: (i: In & { command: string }) => auditedAction(deps, 'edit', i, () => edit(deps, i)),
    prepareVariables: (i: In) => auditedAction(deps, 'variables_open', i, () => prepareVariables(deps, i)),
    setVariables: (i: In & { values: Record<string, string> }) =>
      auditedAction(deps, 'variables_submit', i, () => setVariables(deps, i)),
  };
}

function assertEditable(ctx: ActionContext): void {
  if (!['awaiting_approval', 'expired', 'failed', 'timed_out', 'halted'].includes(ctx.step.state)) {
    throw new DomainError(
      'step_not_actionable',
      `This step is ${ctx.step.state.replace(/_/g, ' ')}; it cannot be edited now.`,
    );
  }
  if (!ctx.step.commandTemplate) throw new DomainError('step_not_actionable', 'This step has no command to edit.');
}

function checkedCommand(raw: string): string {
  const command = raw.trim();
  if (!command) throw new DomainError('invalid_input', 'The command cannot be empty.');
  if (command.length > MAX_COMMAND_LENGTH) {
    throw new DomainError('invalid_input', `Keep the command under ${MAX_COMMAND_LENGTH} characters.`);
  }
  return command;
}

/**
 * An edited step is a new command: its title says so, and the runbook's prose and
 * rollback (written for the old command) no longer stand beside it as if they applied.
 */
function editedStepPatch(ctx: ActionContext, command: string, userId: string) {
  const original = ctx.spec.steps[ctx.step.index - 1];
  const originalTitle = original?.title ?? ctx.step.title;
  return {
    command_template: command,
    command: null,
    command_sha256: null,
    classification: null,
    level: null,
    target: null,
    rollback_command: null,
    title: `Edited command (replaces “${originalTitle}”)`,
    text: `The runbook's step “${originalTitle}” was edited in this run; its instructions and rollback were written for the original command.`,
    edited_by: userId,
  };
}

function checkValues(ctx: ActionContext, raw: Record<string, string>) {
  const errors: Record<string, string> = {};
  const values: Record<string, string> = {};
  for (const [name, given] of Object.entries(raw)) {
    const value = given.trim();
    const problem = validateVariableValue(
      {
        name,
        allowMetacharacters: ctx.spec.allowMetacharacters.includes(name),
        pattern: ctx.spec.variables.find((v) => v.name === name)?.pattern ?? null,
      },
      value,
    );
    if (problem) errors[name] = problem;
    else values[name] = value;
  }
  return { errors, values };
}
