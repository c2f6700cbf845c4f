import type { Gate } from '../../approvals/policy.js';
import type { AuditEventData } from '../../audit/events.js';
import { type RiskLevel, SEVERITY } from '../../classifier/types.js';
import { inTenant } from '../../db/tenant-scope.js';
import type { Execution, Step, StepClassification, StepRequirements } from '../model.js';
import type { RunbookSpec } from '../ports.js';
import { insertRun } from '../repo/step-runs-repo.js';
import { updateStep } from '../repo/steps-repo.js';
import { substituteVariables, variablesIn } from '../variables.js';
import { classifyCommand, requestOpinion, targetOf } from './classify-step.js';
import type { EngineDeps } from './deps.js';
import { whereWords } from './step-view.js';
import { transitionStep } from './transition-step.js';

/**
 * A reached step: fill its variables, classify its exact command, let the policy pick a
 * gate, then queue it (🟢 where policy allows) or ask a human. Each part is a small
 * transaction of its own; the advance job calls this again until the step leaves `ready`.
 */
export async function settleReadyStep(deps: EngineDeps, execution: Execution, spec: RunbookSpec, step: Step) {
  if (!step.commandTemplate) return requestInstruction(deps, step, spec);
  const prepared = prepareCommand(execution, spec, step.commandTemplate);
  if (prepared.missing.length > 0) return needVariables(deps, step, prepared.needed, prepared.missing);
  const classified = await classifyReached(deps, execution, step, prepared.command, prepared.needed);
  if (waitingForOpinion(deps, classified)) return;
  const decision = await decide(deps, execution, spec, classified, prepared.needed);
  if (decision.gate.kind === 'auto') return autoRun(deps, execution, classified, decision);
  return requestApproval(deps, classified, decision);
}

interface Prepared {
  needed: string[];
  missing: string[];
  command: string;
}

/** The command with the run's values in it, or the names still missing. */
export function prepareCommand(execution: Execution, spec: RunbookSpec, template: string): Prepared {
  const allNames = [...new Set(spec.steps.flatMap((s) => s.variables))];
  const needed = variablesIn(template, allNames);
  const missing = needed.filter((name) => execution.variables[name] === undefined);
  if (missing.length > 0) return { needed, missing, command: template };
  const rules = allNames.map((name) => ({ name, allowMetacharacters: spec.allowMetacharacters.includes(name) }));
  return { needed, missing, command: substituteVariables(template, execution.variables, rules) };
}

/**
 * An instruction a person carries out and marks done: prose, or a command written for
 * another place (a toolbox, a node's shell) that is never run here. Its level is that
 * command's and the author's warning's, so marking a 🔴 one done needs an approver.
 */
async function requestInstruction(deps: EngineDeps, step: Step, spec: RunbookSpec): Promise<void> {
  const gate = deps.approvals.gateFor({
    level: null,
    hasCommand: false,
    trustLevel: spec.trustLevel,
    governanceMode: 'strict',
  });
  const authored = spec.steps[step.index - 1];
  const written = !step.editedBy && authored?.key === step.key ? (authored.writtenCommand ?? null) : null;
  const scanned = written ? deps.classifier.scan(written) : null;
  const level = atLeast(scanned?.level ?? null, authored?.warning?.level ?? null);
  const reason = written
    ? `${gate.reason}; its command runs ${authored?.context ? whereWords(authored.context) : 'elsewhere'}, not here`
    : gate.reason;
  await inTenant(deps.db, step.tenantId, (trx) =>
    transitionStep(deps, trx, {
      step,
      event: 'request_approval',
      actor: 'system:engine',
      patch: {
        approval_kind: 'manual',
        level,
        target: scanned ? targetOf(scanned) : null,
        policy: requirementsJson({ gate: gate.kind, reason }),
      },
      audit: {
        type: 'execution.step_approval_requested',
        data: { gate: gate.kind, ...(written ? { context: reason } : {}) },
      },
    }),
  );
}

/** The more severe of two levels (an author's warning can only raise a step's level). */
export function atLeast(level: RiskLevel | null, floor: RiskLevel | null): RiskLevel | null {
  if (!level) return floor;
  if (!floor) return level;
  return SEVERITY[floor] > SEVERITY[level] ? floor : level;
}

async function needVariables(deps: EngineDeps, step: Step, needed: string[], missing: string[]): Promise<void> {
  await inTenant(deps.db, step.tenantId, (trx) =>
    transitionStep(deps, trx, {
      step,
      event: 'need_variables',
      actor: 'system:engine',
      patch: { policy: requirementsJson({ gate: null, reason: null, variables: needed }) },
      audit: { type: 'execution.step_ready', data: { missingVariables: missing } },
    }),
  );
}

/** Classifies the filled-in command; with an LLM, a watchdog advances the run if no opinion lands. */
async function classifyReached(
  deps: EngineDeps,
  execution: Execution,
  step: Step,
  command: string,
  needed: string[],
): Promise<Step> {
  const { step: classified, opinionRequested } = await inTenant(deps.db, step.tenantId, async (trx) => {
    const result = await classifyCommand(deps, trx, step, command);
    if (!result.opinionRequested) return result;
    const withPolicy = await updateStep(trx, result.step, {
      policy: requirementsJson({ gate: null, reason: null, variables: needed }),
    });
    return { step: withPolicy, opinionRequested: true };
  });
  if (opinionRequested) {
    await requestOpinion(deps, classified);
    await deps.jobs.enqueue(
      'execution.advance',
      { tenantId: execution.tenantId, executionId: execution.id },
      { delayMs: deps.settings.llmWaitMs + 500 },
    );
  }
  return classified;
}

/** True while the LLM's opinion may still arrive; the opinion job or the watchdog advances again. */
function waitingForOpinion(deps: Pick<EngineDeps, 'clock' | 'settings'>, step: Step): boolean {
  const llm = step.classification?.llm;
  if (llm?.status !== 'pending') return false;
  return deps.clock.now().getTime() - Date.parse(llm.requestedAt) < deps.settings.llmWaitMs;
}

interface Decision {
  level: RiskLevel;
  gate: Gate;
  classification: StepClassification;
  requirements: StepRequirements;
  classified: AuditEventData['command.classified'];
}

/** Scanner ⊕ LLM → the level; the level, trust and mode → the gate. */
async function decide(
  deps: EngineDeps,
  execution: Execution,
  spec: RunbookSpec,
  step: Step,
  needed: string[],
): Promise<Decision> {
  const classification = step.classification!;
  const llm = classification.llm;
  const opinionMerged = deps.classifier.merge(classification.scanner, opinionForMerge(llm, deps.settings.llmWaitMs));
  const merged = warned(opinionMerged, step, spec);
  const mode = await deps.governance.mode(execution.tenantId);
  const gate = deps.approvals.gateFor({
    level: merged.level,
    hasCommand: true,
    trustLevel: spec.trustLevel,
    governanceMode: mode,
  });
  return {
    level: merged.level,
    gate,
    classification: { ...classification, merged: { level: merged.level, rule: merged.rule } },
    requirements: {
      gate: gate.kind,
      reason: gate.reason,
      approverRoleRequired: gate.kind === 'click' ? gate.approverRoleRequired : gate.kind === 'typed_confirm',
      variables: needed,
    },
    classified: {
      executionId: execution.id,
      commandSha256: classification.commandSha256,
      command: deps.redactCommand(step.command ?? ''),
      scannerLevel: classification.scanner.level,
      scannerRuleIds: classification.scanner.reasons.map((r) => r.ruleId),
      llmLevel: llm.status === 'done' ? llm.level : null,
      llmConfidence: llm.status === 'done' ? llm.confidence : null,
      llmReasoning: llm.status === 'done' ? llm.reasoning : llm.status === 'failed' ? `failed: ${llm.error}` : null,
      mergeRule: merged.rule,
      level: merged.level,
    },
  };
}

/** The author's warning about a step raises its level (never lowers it). */
function warned(merged: { level: RiskLevel; rule: string }, step: Step, spec: RunbookSpec) {
  const authored = spec.steps[step.index - 1];
  const floor = !step.editedBy && authored?.key === step.key ? (authored.warning?.level ?? null) : null;
  const level = atLeast(merged.level, floor) ?? merged.level;
  return level === merged.level ? merged : { level, rule: 'runbook.warning-raised' };
}

function opinionForMerge(llm: StepClassification['llm'], waitedMs: number) {
  switch (llm.status) {
    case 'done':
      return {
        level: llm.level,
        confidence: llm.confidence,
        reasoning: llm.reasoning,
        suggestedRollback: llm.suggestedRollback,
      };
    case 'failed':
      return { error: llm.error };
    case 'pending':
      return { error: `no opinion within ${waitedMs} ms` };
    case 'disabled':
      return null;
  }
}

function classifiedPatch(step: Step, decision: Decision) {
  return {
    level: decision.level,
    target: targetOf(step.classification!.scanner),
    classification: JSON.stringify(decision.classification),
    policy: requirementsJson(decision.requirements),
  };
}

/** 🟢 where policy allows: audited as auto-approved, then queued for a worker. */
async function autoRun(deps: EngineDeps, execution: Execution, step: Step, decision: Decision): Promise<void> {
  const runId = await inTenant(deps.db, step.tenantId, async (trx) => {
    await deps.audit.append(classifiedEvent(step, decision), trx);
    const updated = await transitionStep(deps, trx, {
      step,
      event: 'auto_approve',
      actor: 'system:policy',
      patch: classifiedPatch(step, decision),
      audit: {
        type: 'execution.step_auto_approved',
        data: { commandSha256: decision.classified.commandSha256, level: decision.level, reason: decision.gate.reason },
      },
    });
    return insertRun(trx, {
      tenantId: updated.tenantId,
      stepId: updated.id,
      kind: 'command',
      command: updated.command!,
      commandSha256: decision.classified.commandSha256,
      dryRun: execution.dryRun,
      approvalId: null,
    });
  });
  await deps.jobs.enqueue('step.run', { tenantId: step.tenantId, runId }, { jobId: `run__${runId}` });
}

/** 🟡 ⬜ 🔴 (and 🟢 in strict mode): a person must act within the approval window. */
async function requestApproval(deps: EngineDeps, step: Step, decision: Decision): Promise<void> {
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.settings.approvalTtlMs);
  await inTenant(deps.db, step.tenantId, async (trx) => {
    await deps.audit.append(classifiedEvent(step, decision), trx);
    await transitionStep(deps, trx, {
      step,
      event: 'request_approval',
      actor: 'system:policy',
      patch: {
        ...classifiedPatch(step, decision),
        approval_kind: decision.gate.kind === 'typed_confirm' ? 'typed_confirm' : 'click',
        approval_requested_at: now,
        approval_expires_at: expiresAt,
      },
      audit: {
        type: 'execution.step_approval_requested',
        data: {
          gate: decision.gate.kind,
          level: decision.level,
          commandSha256: decision.classified.commandSha256,
          expiresAt: expiresAt.toISOString(),
        },
      },
    });
  });
  await deps.jobs.enqueue(
    'step.expire_approval',
    { tenantId: step.tenantId, stepId: step.id, requestedAt: now.toISOString() },
    { delayMs: deps.settings.approvalTtlMs, jobId: `expire__${step.id}__${now.getTime()}` },
  );
}

function classifiedEvent(step: Step, decision: Decision) {
  return {
    tenantId: step.tenantId,
    type: 'command.classified' as const,
    actor: 'system:classifier',
    subject: { type: 'step' as const, id: step.id },
    data: decision.classified,
  };
}

export function requirementsJson(requirements: StepRequirements): string {
  return JSON.stringify(requirements);
}
