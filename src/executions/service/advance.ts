import { decideGate } from '../../approvals/policy.js';
import type { ScanVerdict } from '../../classifier/types.js';
import { sha256Hex } from '../../lib/hashing.js';
import { DONE_STATES } from '../machine.js';
import type { RunbookSpec } from '../ports.js';
import {
  type Execution,
  findExecution,
  insertRun,
  listSteps,
  type Step,
  type StepClassification,
  updateStep,
} from '../repo.js';
import { substituteVariables, variablesIn } from '../variables.js';
import type { EngineDeps } from './deps.js';
import { renderStepMessage } from './messages.js';
import { completeExecution } from './summary.js';
import { transitionStep } from './transition-step.js';

/**
 * Moves a run forward from whatever Postgres says. Safe to call any number of times:
 * each state change is guarded by the optimistic lock, so duplicates are no-ops.
 */
export async function advanceExecution(deps: EngineDeps, executionId: string): Promise<void> {
  const execution = await findExecution(deps.db, executionId);
  if (execution?.state !== 'running') return;
  const steps = await listSteps(deps.db, executionId);
  let current = steps.find((s) => !DONE_STATES.has(s.state));
  if (!current) {
    await completeExecution(deps, execution);
    return;
  }
  const spec = await deps.runbooks.getSpec(execution.tenantId, execution.runbookVersionId);
  if (current.state === 'pending') {
    current = await deps.db.transaction().execute((trx) =>
      transitionStep(deps, trx, {
        step: current!,
        event: 'reach',
        actor: 'system:engine',
        audit: { type: 'execution.step_ready', data: { title: current!.title } },
      }),
    );
  }
  if (current.state === 'ready') {
    await settleReadyStep(deps, execution, spec, current);
  }
  await renderStepMessage(deps, current.id);
}

/** A reached step: fill variables, classify, ask the policy, then run it or ask a human. */
async function settleReadyStep(deps: EngineDeps, execution: Execution, spec: RunbookSpec, step: Step): Promise<void> {
  const template = step.commandTemplate;
  if (!template) {
    const gate = decideGate({ level: null, hasCommand: false, trustLevel: spec.trustLevel, governanceMode: 'strict' });
    await deps.db.transaction().execute((trx) =>
      transitionStep(deps, trx, {
        step,
        event: 'request_approval',
        actor: 'system:engine',
        patch: { approval_kind: 'manual', policy: JSON.stringify({ gate: gate.kind, reason: gate.reason }) },
        audit: { type: 'execution.step_approval_requested', data: { gate: gate.kind } },
      }),
    );
    return;
  }

  const allNames = [...new Set(spec.steps.flatMap((s) => s.variables))];
  const needed = variablesIn(template, allNames);
  const missing = needed.filter((name) => execution.variables[name] === undefined);
  if (missing.length > 0) {
    await deps.db.transaction().execute((trx) =>
      transitionStep(deps, trx, {
        step,
        event: 'need_variables',
        actor: 'system:engine',
        patch: { policy: JSON.stringify({ gate: null, reason: null, variables: needed }) },
        audit: { type: 'execution.step_ready', data: { missingVariables: missing } },
      }),
    );
    return;
  }

  const rules = allNames.map((name) => ({ name, allowMetacharacters: spec.allowMetacharacters.includes(name) }));
  const command = substituteVariables(template, execution.variables, rules);
  const commandSha256 = sha256Hex(command);
  let classification = step.classification;
  if (!classification || classification.commandSha256 !== commandSha256) {
    const scanner = deps.classifier.scan(command);
    const now = deps.clock.now();
    classification = {
      commandSha256,
      scanner,
      llm: deps.classifier.opinion ? { status: 'pending', requestedAt: now.toISOString() } : { status: 'disabled' },
      merged: null,
    };
    step = await updateStep(deps.db, step, {
      command,
      command_sha256: commandSha256,
      level: scanner.level,
      target: targetOf(scanner),
      classification: JSON.stringify(classification),
      policy: JSON.stringify({ gate: null, reason: null, variables: needed }),
    });
    if (classification.llm.status === 'pending') {
      await deps.jobs.enqueue(
        'command.opinion',
        { stepId: step.id, commandSha256 },
        { jobId: `opinion__${step.id}__${commandSha256.slice(0, 16)}` },
      );
      // A watchdog: if the opinion never lands, the scanner's verdict stands after the wait.
      await deps.jobs.enqueue(
        'execution.advance',
        { executionId: execution.id },
        { delayMs: deps.settings.llmWaitMs + 500 },
      );
    }
  }
  const llm = classification.llm;
  if (llm.status === 'pending' && deps.clock.now().getTime() - Date.parse(llm.requestedAt) < deps.settings.llmWaitMs) {
    return; // the opinion job or the watchdog will advance again
  }
  const merged = deps.classifier.merge(
    classification.scanner,
    llm.status === 'done'
      ? {
          level: llm.level as ScanVerdict['level'],
          confidence: llm.confidence,
          reasoning: llm.reasoning,
          suggestedRollback: llm.suggestedRollback,
        }
      : llm.status === 'failed'
        ? { error: llm.error }
        : llm.status === 'pending'
          ? { error: `no opinion within ${deps.settings.llmWaitMs} ms` }
          : null,
  );
  const mode = await deps.governance.mode(execution.tenantId);
  const gate = decideGate({ level: merged.level, hasCommand: true, trustLevel: spec.trustLevel, governanceMode: mode });
  const finalClassification: StepClassification = {
    ...classification,
    merged: { level: merged.level, rule: merged.rule },
  };
  const requirements = JSON.stringify({
    gate: gate.kind,
    reason: gate.reason,
    approverRoleRequired: gate.kind === 'click' ? gate.approverRoleRequired : gate.kind === 'typed_confirm',
    variables: needed,
  });
  const classifiedAudit = {
    tenantId: execution.tenantId,
    type: 'command.classified' as const,
    actor: 'system:classifier',
    subject: { type: 'step' as const, id: step.id },
    data: {
      executionId: execution.id,
      commandSha256,
      command,
      scannerLevel: classification.scanner.level,
      scannerRuleIds: classification.scanner.reasons.map((r) => r.ruleId),
      llmLevel: llm.status === 'done' ? llm.level : null,
      llmConfidence: llm.status === 'done' ? llm.confidence : null,
      llmReasoning: llm.status === 'done' ? llm.reasoning : llm.status === 'failed' ? `failed: ${llm.error}` : null,
      mergeRule: merged.rule,
      level: merged.level,
    },
  };
  const now = deps.clock.now();

  if (gate.kind === 'auto') {
    const runId = await deps.db.transaction().execute(async (trx) => {
      await deps.audit.append(classifiedAudit, trx);
      const updated = await transitionStep(deps, trx, {
        step,
        event: 'auto_approve',
        actor: 'system:policy',
        patch: {
          level: merged.level,
          target: targetOf(classification.scanner),
          classification: JSON.stringify(finalClassification),
          policy: requirements,
        },
        audit: {
          type: 'execution.step_auto_approved',
          data: { commandSha256, level: merged.level, reason: gate.reason },
        },
      });
      return insertRun(trx, {
        tenantId: updated.tenantId,
        stepId: updated.id,
        kind: 'command',
        command,
        commandSha256,
        dryRun: execution.dryRun,
        approvalId: null,
      });
    });
    await deps.jobs.enqueue('step.run', { runId }, { jobId: `run__${runId}` });
    return;
  }

  const expiresAt = new Date(now.getTime() + deps.settings.approvalTtlMs);
  await deps.db.transaction().execute(async (trx) => {
    await deps.audit.append(classifiedAudit, trx);
    await transitionStep(deps, trx, {
      step,
      event: 'request_approval',
      actor: 'system:policy',
      patch: {
        level: merged.level,
        target: targetOf(classification.scanner),
        classification: JSON.stringify(finalClassification),
        policy: requirements,
        approval_kind: gate.kind,
        approval_requested_at: now,
        approval_expires_at: expiresAt,
      },
      audit: {
        type: 'execution.step_approval_requested',
        data: { gate: gate.kind, level: merged.level, commandSha256, expiresAt: expiresAt.toISOString() },
      },
    });
  });
  await deps.jobs.enqueue(
    'step.expire_approval',
    { stepId: step.id, requestedAt: now.toISOString() },
    { delayMs: deps.settings.approvalTtlMs, jobId: `expire__${step.id}__${now.getTime()}` },
  );
}

/** What a 🔴 approver types: the scanner's target, else the deciding segment itself. */
export function targetOf(verdict: ScanVerdict): string | null {
  if (verdict.target) return verdict.target;
  if (verdict.level !== 'dangerous') return null;
  return verdict.deciding.segment.trim().slice(0, 120);
}
