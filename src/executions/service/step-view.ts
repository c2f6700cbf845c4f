import type { StepMessageView } from '../../../blocks/step-message.js';
import { userRef } from '../../../blocks/text.js';
import type { AuditEventType } from '../../audit/events.js';
import { inTenant } from '../../db/tenant-scope.js';
import type { Execution, Step } from '../model.js';
import type { RunbookStepSpec } from '../ports.js';
import { latestRun } from '../repo/step-runs-repo.js';
import { buttonBinding } from './bindings.js';
import type { EngineDeps } from './deps.js';

const HISTORY_VERBS: Partial<Record<AuditEventType, string>> = {
  'execution.step_approved': '✅ approved by',
  'execution.step_edited': '✏️ edited by',
  'execution.step_skipped': '⏭ skipped by',
  'execution.step_marked_done': '☑️ marked done by',
  'execution.step_marked_failed': '❌ marked failed by',
  'execution.step_retried': '🔁 retried by',
  'execution.approval_rerequested': '🔁 asked again by',
  'execution.variables_set': '📝 values from',
  'execution.step_auto_approved': '🤖 auto-approved by policy',
  'execution.rollback_started': '↩️ rollback approved by',
  'execution.step_aborted': '⛔ aborted by',
  'execution.step_halted': '🛑 halted by',
  'execution.step_approval_expired': '⌛ expired',
};

export type ViewDeps = Pick<EngineDeps, 'db' | 'audit' | 'redactCommand' | 'runbooks'>;

/** Everything a step's message shows, from Postgres and the audit log; secrets masked. */
export async function buildStepView(
  deps: ViewDeps,
  execution: Execution,
  step: Step,
  total: number,
  output?: { tail: string; note: string | null } | null,
): Promise<StepMessageView> {
  const history = await stepHistory(deps, step);
  const run = step.command ? await inTenant(deps.db, step.tenantId, (trx) => latestRun(trx, step.id)) : null;
  const rollback = step.state === 'rollback_offered' ? step.classification?.rollback : undefined;
  const command = step.command ?? step.commandTemplate;
  const authored = await authoredStep(deps, execution, step);
  return {
    ...authored,
    stepId: step.id,
    binding: buttonBinding(step, execution.runbookVersionId),
    index: step.index,
    total,
    // A step's sentence often holds its command inline: redacted as the command is.
    title: deps.redactCommand(step.title),
    text: deps.redactCommand(step.text),
    command: command === null ? null : deps.redactCommand(command),
    level: rollback ? rollback.level : step.level,
    levelReason: levelReason(deps, step),
    target: rollback ? rollback.target : step.target,
    state: step.state,
    gate: step.policy?.gate ?? null,
    gateReason: step.policy?.reason ?? null,
    approvalExpiresAt: step.approvalExpiresAt,
    missingVariables: step.state === 'awaiting_variables' ? missingVariables(step, execution) : [],
    rollbackCommand: step.rollbackCommand === null ? null : deps.redactCommand(step.rollbackCommand),
    dryRun: execution.dryRun,
    history,
    output: outputOf(step, output, run?.outputBytes ?? 0),
    exitCode: step.exitCode,
    durationMs: run?.durationMs ?? null,
  };
}

/**
 * What the runbook's author wrote about this step that the row does not hold: where its
 * command runs (a toolbox, a node's shell), its warning, whether it ends by itself. An
 * edited step is the engineer's own command: none of it applies any more.
 */
async function authoredStep(
  deps: Pick<ViewDeps, 'runbooks' | 'redactCommand'>,
  execution: Execution,
  step: Step,
): Promise<Pick<StepMessageView, 'elsewhere' | 'warning' | 'longRunning'>> {
  if (step.editedBy) return {};
  const spec = (await deps.runbooks.getSpec(execution.tenantId, execution.runbookVersionId)).steps[step.index - 1];
  if (!spec || spec.key !== step.key) return {};
  const written = spec.writtenCommand ? deps.redactCommand(spec.writtenCommand) : null;
  const elsewhere = spec.opensContext
    ? {
        where: 'in your own terminal: it opens an interactive shell that the next steps run in',
        command: written,
        wrapped: false,
      }
    : spec.context && (spec.runMode === 'manual' || spec.runMode === 'wrapped')
      ? {
          where: whereWords(spec.context),
          command: spec.runMode === 'manual' ? written : null,
          wrapped: spec.runMode === 'wrapped',
        }
      : null;
  return {
    elsewhere,
    warning: spec.warning?.text ?? null,
    longRunning: spec.longRunning ? { bounded: spec.longRunning.bounded } : null,
  };
}

const CONTEXT_WORDS: Record<NonNullable<RunbookStepSpec['context']>['kind'], string> = {
  pod: 'inside the pod',
  toolbox: 'inside the toolbox',
  node: 'on the node',
  chroot: 'in the node’s host filesystem (chroot /host)',
  ssh: 'on the remote host',
  vm: 'inside the virtual machine',
  database: 'in the database shell',
  container: 'inside the container',
  shell: 'in the shell the runbook opened',
};

/** "inside the toolbox (opened with `oc rsh …`)". */
export function whereWords(context: NonNullable<RunbookStepSpec['context']>): string {
  const opener = context.opener ? ` (opened with \`${context.opener.slice(0, 120)}\`)` : '';
  return `${CONTEXT_WORDS[context.kind] ?? 'elsewhere'}${opener}`;
}

async function stepHistory(deps: ViewDeps, step: Step): Promise<string[]> {
  const events = await deps.audit.list({ tenantId: step.tenantId, subjectId: step.id, limit: 200 });
  return events.flatMap((e) => {
    const verb = HISTORY_VERBS[e.type as AuditEventType];
    if (!verb) return [];
    return [e.actor.startsWith('system:') ? verb : `${verb} ${userRef(e.actor)}`];
  });
}

/** One sentence on why the level: the rollback's rule, the LLM's raise, or the scanner's deciding rule. */
function levelReason(deps: ViewDeps, step: Step): string | null {
  const c = step.classification;
  if (step.state === 'rollback_offered' && c?.rollback) return `rollback command: ${c.rollback.deciding}`;
  const llm = c?.llm;
  if (llm?.status === 'done' && c?.merged && c.merged.level !== c.scanner.level) {
    return `LLM second opinion (${Math.round(llm.confidence * 100)}% sure): ${llm.reasoning}`;
  }
  const deciding = c?.scanner.deciding.message;
  return deciding ? deps.redactCommand(deciding) : null;
}

function outputOf(step: Step, live: { tail: string; note: string | null } | null | undefined, bytes: number) {
  if (live !== undefined) return live;
  if (step.outputTail === null) return null;
  return { tail: step.outputTail, note: outputNote(step.outputTruncated, bytes) };
}

export function missingVariables(step: Step, execution: Execution): string[] {
  const needed = step.policy?.variables ?? [];
  return needed.filter((name) => execution.variables[name] === undefined);
}

function outputNote(truncated: boolean, bytes: number): string | null {
  if (!truncated) return null;
  const size = bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${(bytes / 1000).toFixed(1)} kB`;
  return `${size} of output: only the end is shown`;
}
