import type { StepEventType } from '../../audit/events.js';
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

export function createStepActions(deps: EngineDeps) {
  /** A human decision that moves the step and lets the run go on. */
  async function decide<K extends StepEventType>(
    ctx: ActionContext,
    who: Principal,
    event: StepEvent,
    audit: { type: K; data: Parameters<typeof transitionStep<K>>[2]['audit']['data'] },
  ): Promise<void> {
    await inTenant(deps.db, who.tenantId, (trx) =>
      transitionStep(deps, trx, { step: ctx.step, event, actor: who.userId, patch: { decided_by: who.userId }, audit }),
    );
    await renderStepMessage(deps, who.tenantId, ctx.step.id);
    await deps.jobs.enqueue('execution.advance', { tenantId: who.tenantId, executionId: ctx.execution.id });
  }

  return {
    skip: (input: StepActionInput) =>
      auditedAction(deps, 'skip', input, async () => {
        const ctx = await loadBound(deps, input);
        await requireForLevel(deps, input, ctx, 'step.skip');
        await decide(ctx, input, 'skip', { type: 'execution.step_skipped', data: { level: levelOf(ctx) } });
      }),

    /** An instruction done, or a command whose worker died that finished fine. */
    markDone: (input: StepActionInput) =>
      auditedAction(deps, 'mark_done', input, async () => {
        const ctx = await loadBound(deps, input);
        const instruction = ctx.step.state === 'awaiting_approval' && ctx.step.approvalKind === 'manual';
        if (!instruction && ctx.step.state !== 'manual_intervention') {
          throw new DomainError(
            'step_not_actionable',
            'Only an instruction, or a command whose worker stopped, can be marked done.',
          );
        }
        await requireForLevel(deps, input, ctx, 'step.mark_done');
        await decide(ctx, input, 'mark_done', { type: 'execution.step_marked_done', data: { level: levelOf(ctx) } });
      }),

    markFailed: (input: StepActionInput) =>
      auditedAction(deps, 'mark_failed', input, async () => {
        const ctx = await loadBound(deps, input);
        await deps.authz.require(input, 'step.mark_done');
        await decide(ctx, input, 'resolve_failed', { type: 'execution.step_marked_failed', data: {} });
      }),

    retry: (input: StepActionInput) =>
      auditedAction(deps, 'retry', input, async () => {
        const ctx = await loadBound(deps, input);
        await deps.authz.require(input, 'step.retry');
        await decide(ctx, input, 'retry', { type: 'execution.step_retried', data: {} });
      }),

    rerequest: (input: StepActionInput) =>
      auditedAction(deps, 'rerequest', input, async () => {
        const ctx = await loadBound(deps, input);
        await deps.authz.require(input, 'step.rerequest');
        await decide(ctx, input, 'rerequest', { type: 'execution.approval_rerequested', data: {} });
      }),

    prepareEdit: (input: StepActionInput) =>
      auditedAction(deps, 'edit_open', input, async () => {
        const ctx = await loadBound(deps, input);
        await deps.authz.require(input, 'step.edit');
        assertEditable(ctx);
        return { title: ctx.step.title, command: ctx.step.command ?? ctx.step.commandTemplate ?? '' };
      }),

    /** An edit voids any approval: the new command is classified and approved afresh. */
    edit: (input: StepActionInput & { command: string }) =>
      auditedAction(deps, 'edit', input, async () => {
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
      }),

    prepareVariables: (input: StepActionInput) =>
      auditedAction(deps, 'variables_open', input, async () => {
        const ctx = await loadBound(deps, input);
        await deps.authz.require(input, 'step.provide_variables');
        if (ctx.step.state !== 'awaiting_variables') {
          throw new DomainError('step_not_actionable', 'This step does not need values any more.');
        }
        const names = (ctx.step.policy?.variables ?? []).filter((n) => ctx.execution.variables[n] === undefined);
        const fields = names.map((name) => {
          const declared = ctx.spec.variables.find((v) => v.name === name);
          return { name, description: declared?.description ?? null, default: declared?.default ?? null };
        });
        return { title: ctx.step.title, command: ctx.step.commandTemplate ?? '', fields };
      }),

    /** Returns field errors (the modal stays open) or null when the values were taken. */
    setVariables: (input: StepActionInput & { values: Record<string, string> }) =>
      auditedAction(deps, 'variables_submit', input, async (): Promise<Record<string, string> | null> => {
        const ctx = await loadBound(deps, input);
        await deps.authz.require(input, 'step.provide_variables');
        if (ctx.step.state !== 'awaiting_variables') {
          throw new DomainError('step_not_actionable', 'This step does not need values any more.');
        }
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
      }),
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
