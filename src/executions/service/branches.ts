import type { Kysely } from 'kysely';
import { branchChoiceMessage } from '../../../blocks/branch-choice.js';
import { inTenant } from '../../db/tenant-scope.js';
import type { Database } from '../../db/types.js';
import type { Principal } from '../../governance/authorizer.js';
import { DomainError, isDomainError } from '../../lib/errors.js';
import { DONE_STATES } from '../machine.js';
import type { Execution, Step } from '../model.js';
import type { RunbookBranchSpec, RunbookSpec } from '../ports.js';
import { findExecution, updateExecution } from '../repo/executions-repo.js';
import { findStep } from '../repo/steps-repo.js';
import type { EngineDeps } from './deps.js';
import { transitionStep } from './transition-step.js';

const POSTING = 'posting:';

/**
 * Where the runbook forks, before the first step of an option: `wait` until a person
 * picks one (the question is posted once), `skip` a step of an option not picked (or of a
 * nested fork whose outer option was not picked), or `run` it.
 */
export function branchVerdict(execution: Execution, spec: RunbookSpec, step: Step): 'run' | 'wait' | 'skip' {
  const authored = spec.steps[step.index - 1];
  if (step.editedBy || !authored?.branch || authored.key !== step.key) return 'run';
  const branch = spec.branches?.find((b) => b.key === authored.branch!.branchKey);
  if (!branch) return 'run';
  if (branch.within) {
    const outer = execution.choices[branch.within.branchKey]?.option;
    if (outer === undefined) return 'wait';
    if (outer !== branch.within.option) return 'skip';
  }
  const picked = execution.choices[branch.key]?.option;
  if (picked === undefined) return 'wait';
  return picked === authored.branch.option ? 'run' : 'skip';
}

/** The fork a waiting step belongs to (its own, or the outer one still to be answered). */
export function pendingBranch(execution: Execution, spec: RunbookSpec, step: Step): RunbookBranchSpec | null {
  const key = spec.steps[step.index - 1]?.branch?.branchKey;
  const branch = spec.branches?.find((b) => b.key === key) ?? null;
  if (branch?.within && execution.choices[branch.within.branchKey]?.option === undefined) {
    return spec.branches?.find((b) => b.key === branch.within!.branchKey) ?? branch;
  }
  return branch;
}

/** A step of an option nobody picked: skipped by the engine, saying why. */
export async function skipNotChosen(deps: EngineDeps, step: Step): Promise<void> {
  await inTenant(deps.db, step.tenantId, async (trx) => {
    const current = await findStep(trx, step.id, true);
    if (!current || DONE_STATES.has(current.state) || current.state === 'aborted') return;
    await transitionStep(deps, trx, {
      step: current,
      event: 'skip',
      actor: 'system:engine',
      audit: { type: 'execution.step_skipped', data: { level: current.level, reason: 'its option was not chosen' } },
    });
  });
}

/** Posts the fork's question once (a claim on the run's choices, then the message with its key). */
export async function askChoice(deps: EngineDeps, execution: Execution, branch: RunbookBranchSpec): Promise<void> {
  const claimed = await claimQuestion(deps, execution, branch.key);
  if (!claimed) return;
  const postKey = { eventType: 'runbook_choice', key: `${execution.id}:${branch.key}` };
  const where = { channel: execution.channelId, threadTs: execution.threadTs ?? undefined };
  const message = branchChoiceMessage(choiceView(execution, branch, null));
  const earlier = claimed.stale ? await deps.chat.findPosted({ ...where, ...postKey }) : null;
  const ts = earlier?.ts ?? (await deps.chat.post({ ...where, postKey, ...message })).ts;
  await setQuestionTs(deps, execution, branch.key, ts);
}

async function claimQuestion(deps: EngineDeps, execution: Execution, branchKey: string) {
  const now = deps.clock.now().getTime();
  return inTenant(deps.db, execution.tenantId, async (trx) => {
    const fresh = await findExecution(trx, execution.id);
    const current = fresh?.choices[branchKey]?.messageTs;
    if (!fresh || (current && !current.startsWith(POSTING))) return null;
    const stale = current !== undefined && Number(current.slice(POSTING.length)) < now - 60_000;
    if (current && !stale) return null;
    const choices = { ...fresh.choices, [branchKey]: { ...fresh.choices[branchKey], messageTs: `${POSTING}${now}` } };
    const claimed = await updateExecution(trx, fresh, { choices }).catch((err: unknown) => {
      if (isDomainError(err, 'stale_state')) return null; // another worker claimed it this moment
      throw err;
    });
    return claimed ? { stale } : null;
  });
}

async function setQuestionTs(deps: EngineDeps, execution: Execution, branchKey: string, ts: string) {
  await inTenant(deps.db, execution.tenantId, async (trx) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const fresh = await findExecution(trx, execution.id);
      if (!fresh) return;
      const choices = { ...fresh.choices, [branchKey]: { ...fresh.choices[branchKey], messageTs: ts } };
      const saved = await updateExecution(trx, fresh, { choices }).catch(() => null);
      if (saved) return;
    }
  });
}

function choiceView(execution: Execution, branch: RunbookBranchSpec, chosen: { option: number; by: string } | null) {
  return {
    executionId: execution.id,
    branchKey: branch.key,
    question: branch.question,
    options: branch.options.map((o) => ({ label: o.label, steps: o.stepKeys.length })),
    chosen,
  };
}

export interface ChooseInput extends Principal {
  executionId: string;
  branchKey: string;
  option: number;
}

/** A person picks the option that applies: recorded once, audited, the others skipped, the run goes on. */
export async function chooseBranch(deps: EngineDeps, input: ChooseInput): Promise<void> {
  await deps.authz.require(input, 'run.choose');
  const { execution, branch } = await inTenant(deps.db, input.tenantId, (trx) => recordChoice(deps, trx, input));
  const ts = execution.choices[branch.key]?.messageTs;
  if (ts && !ts.startsWith(POSTING)) {
    await deps.chat.update(
      { channel: execution.channelId, ts },
      branchChoiceMessage(choiceView(execution, branch, { option: input.option, by: input.userId })),
    );
  }
  await deps.jobs.enqueue('execution.advance', { tenantId: input.tenantId, executionId: execution.id });
}

async function recordChoice(deps: EngineDeps, trx: Kysely<Database>, input: ChooseInput) {
  const execution = await findExecution(trx, input.executionId);
  if (!execution) throw new DomainError('execution_not_found', 'This run does not exist in this workspace.');
  if (execution.state !== 'running') {
    throw new DomainError('execution_finished', `This run is already ${execution.state}; nothing more can be chosen.`);
  }
  const spec = await deps.runbooks.getSpec(input.tenantId, execution.runbookVersionId);
  const branch = spec.branches?.find((b) => b.key === input.branchKey);
  const option = branch?.options[input.option];
  if (!branch || !option) throw new DomainError('invalid_input', 'That is not one of this runbook’s options.');
  // Only a question that was asked can be answered: a choice sent before the run reaches the
  // fork (a forged or replayed value) would pick a path nobody was shown.
  if (execution.choices[branch.key]?.messageTs === undefined) {
    throw new DomainError('stale_state', 'This run has not asked that question yet; nothing was chosen.');
  }
  const already = execution.choices[branch.key]?.option;
  if (already !== undefined) {
    const label = branch.options[already]?.label ?? `option ${already + 1}`;
    throw new DomainError('stale_state', `“${label}” was already chosen by <@${execution.choices[branch.key]?.by}>.`);
  }
  const choices = {
    ...execution.choices,
    [branch.key]: { ...execution.choices[branch.key], option: input.option, by: input.userId },
  };
  const updated = await updateExecution(trx, execution, { choices });
  await deps.audit.append(
    {
      tenantId: input.tenantId,
      type: 'execution.branch_chosen',
      actor: input.userId,
      subject: { type: 'execution', id: execution.id },
      data: {
        executionId: execution.id,
        branchKey: branch.key,
        question: branch.question,
        option: input.option,
        label: option.label,
      },
    },
    trx,
  );
  // The advance job skips the other options' steps, one by one, as it reaches them.
  return { execution: updated, branch };
}
