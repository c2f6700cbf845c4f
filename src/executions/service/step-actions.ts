import { DomainError } from '../../lib/errors.js';
import { EXECUTING_STATES, FINAL_STATES, type StepEvent } from '../machine.js';
import { listSteps, updateExecution } from '../repo.js';
import { validateVariableValue } from '../variables.js';
import { assertBinding, auditedAction, loadForAction } from './context.js';
import type { EngineDeps } from './deps.js';
import { renderStepMessage } from './messages.js';
import { postSummary } from './summary.js';
import { transitionStep } from './transition-step.js';

const MAX_COMMAND_LENGTH = 4000;

interface Input {
  stepId: string;
  userId: string;
}

export function createStepActions(deps: EngineDeps) {
  /** A human decision that moves the step and lets the run go on. */
  async function decide(
    input: Input,
    event: StepEvent,
    auditType: Parameters<typeof transitionStep>[2]['audit']['type'],
    data: Record<string, unknown> = {},
  ): Promise<void> {
    const ctx = await loadForAction(deps, input.stepId);
    await deps.db.transaction().execute((trx) =>
      transitionStep(deps, trx, {
        step: ctx.step,
        event,
        actor: input.userId,
        patch: { decided_by: input.userId },
        audit: { type: auditType, data },
      }),
    );
    await renderStepMessage(deps, ctx.step.id);
    await deps.jobs.enqueue('execution.advance', { executionId: ctx.execution.id });
  }

  return {
    skip: (input: Input) => auditedAction(deps, 'skip', input, () => decide(input, 'skip', 'execution.step_skipped')),

    markDone: (input: Input) =>
      auditedAction(deps, 'mark_done', input, async () => {
        const ctx = await loadForAction(deps, input.stepId);
        const event: StepEvent = ctx.step.state === 'manual_intervention' ? 'resolve_done' : 'confirm_done';
        await decide(input, event, 'execution.step_succeeded', { markedDoneBy: input.userId });
      }),

    markFailed: (input: Input) =>
      auditedAction(deps, 'mark_failed', input, () =>
        decide(input, 'resolve_failed', 'execution.step_failed', { markedFailedBy: input.userId }),
      ),

    retry: (input: Input) =>
      auditedAction(deps, 'retry', input, () =>
        decide(input, 'retry', 'execution.step_ready', { retriedBy: input.userId }),
      ),

    rerequest: (input: Input) =>
      auditedAction(deps, 'rerequest', input, () =>
        decide(input, 'rerequest', 'execution.step_ready', { reopenedBy: input.userId }),
      ),

    prepareEdit: (input: Input & { binding: string }) =>
      auditedAction(deps, 'edit_open', input, async () => {
        const ctx = await loadForAction(deps, input.stepId);
        assertBinding(ctx, input.binding);
        if (!['awaiting_approval', 'expired', 'failed', 'timed_out'].includes(ctx.step.state)) {
          throw new DomainError(
            'step_not_actionable',
            `This step is ${ctx.step.state.replace(/_/g, ' ')}; it cannot be edited now.`,
          );
        }
        return { title: ctx.step.title, command: ctx.step.command ?? ctx.step.commandTemplate ?? '' };
      }),

    /** An edit voids any approval: the new command is classified and approved afresh. */
    edit: (input: Input & { binding: string; command: string }) =>
      auditedAction(deps, 'edit', input, async () => {
        const ctx = await loadForAction(deps, input.stepId);
        assertBinding(ctx, input.binding);
        const command = input.command.trim();
        if (!command) throw new DomainError('invalid_input', 'The command cannot be empty.');
        if (command.length > MAX_COMMAND_LENGTH) {
          throw new DomainError('invalid_input', `Keep the command under ${MAX_COMMAND_LENGTH} characters.`);
        }
        await deps.db.transaction().execute((trx) =>
          transitionStep(deps, trx, {
            step: ctx.step,
            event: 'edit',
            actor: input.userId,
            patch: {
              command_template: command,
              command: null,
              command_sha256: null,
              classification: null,
              level: null,
              target: null,
              edited_by: input.userId,
            },
            audit: {
              type: 'execution.step_edited',
              data: { from_command: ctx.step.command ?? ctx.step.commandTemplate, to_command: command },
            },
          }),
        );
        // The advance job re-renders the step once the edited command is classified.
        await deps.jobs.enqueue('execution.advance', { executionId: ctx.execution.id });
      }),

    prepareVariables: (input: Input) =>
      auditedAction(deps, 'variables_open', input, async () => {
        const ctx = await loadForAction(deps, input.stepId);
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
    setVariables: (input: Input & { values: Record<string, string> }) =>
      auditedAction(deps, 'variables_submit', input, async (): Promise<Record<string, string> | null> => {
        const ctx = await loadForAction(deps, input.stepId);
        if (ctx.step.state !== 'awaiting_variables') {
          throw new DomainError('step_not_actionable', 'This step does not need values any more.');
        }
        const errors: Record<string, string> = {};
        const cleaned: Record<string, string> = {};
        for (const [name, raw] of Object.entries(input.values)) {
          const value = raw.trim();
          const problem = validateVariableValue(
            {
              name,
              allowMetacharacters: ctx.spec.allowMetacharacters.includes(name),
              pattern: ctx.spec.variables.find((v) => v.name === name)?.pattern ?? null,
            },
            value,
          );
          if (problem) errors[name] = problem;
          else cleaned[name] = value;
        }
        if (Object.keys(errors).length > 0) return errors;
        await deps.db.transaction().execute(async (trx) => {
          await updateExecution(trx, ctx.execution, { variables: { ...ctx.execution.variables, ...cleaned } });
          await transitionStep(deps, trx, {
            step: ctx.step,
            event: 'variables_set',
            actor: input.userId,
            audit: { type: 'execution.variables_set', data: { values: cleaned } },
          });
        });
        await deps.jobs.enqueue('execution.advance', { executionId: ctx.execution.id });
        return null;
      }),

    /** ⛔ Abort: ends the run; steps not yet running are aborted; a running command finishes. */
    abort: (input: Input) =>
      auditedAction(deps, 'abort', input, async () => {
        const ctx = await loadForAction(deps, input.stepId);
        const steps = await listSteps(deps.db, ctx.execution.id);
        const aborted = await deps.db.transaction().execute(async (trx) => {
          const execution = await updateExecution(trx, ctx.execution, {
            state: 'aborted',
            finishedAt: deps.clock.now(),
          });
          await deps.audit.append(
            {
              tenantId: execution.tenantId,
              type: 'execution.aborted',
              actor: input.userId,
              subject: { type: 'execution', id: execution.id },
              data: { atStep: ctx.step.index },
            },
            trx,
          );
          for (const step of steps) {
            if (FINAL_STATES.has(step.state) || EXECUTING_STATES.has(step.state)) continue;
            await transitionStep(deps, trx, {
              step,
              event: 'abort',
              actor: input.userId,
              audit: { type: 'execution.aborted', data: {} },
            });
          }
          return execution;
        });
        for (const step of steps) if (step.messageTs) await renderStepMessage(deps, step.id);
        await postSummary(deps, aborted);
      }),
  };
}
