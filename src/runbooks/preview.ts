import { LEVEL_EMOJI, type RiskLevel } from '../classifier/types.js';
import { displayVariable } from './compile/ambiguities.js';
import type {
  CompiledRunbook,
  ContextKind,
  DropReason,
  LeveledRunbook,
  LeveledStep,
  PrerequisiteKind,
  RunbookStep,
  RunMode,
} from './types.js';

/**
 * One view-model of a compiled runbook for every surface: the CLI's text preview here, the
 * Slack Block Kit preview in blocks/. Plain data, already worded for people.
 */
export interface PreviewStep {
  id: string;
  number: number;
  title: string;
  section: string | null;
  /** The sub-heading it sits under, when not the section itself ("Option A: restart the OSD"). */
  group: string | null;
  command: string | null;
  language: string | null;
  isShell: boolean;
  level: RiskLevel | null;
  /** 🟢 🟡 🔴 ⬜ for a command (or a warned step), null otherwise. */
  badge: string | null;
  levelSummary: string | null;
  rollback: string | null;
  variables: string[];
  questions: string[];
  runMode: RunMode;
  /** "in the toolbox pod opened by step 2" — where the command runs, when not locally. */
  where: string | null;
  wrappedCommand: string | null;
  /** "`top` keeps running until it is stopped", with the bounded form. */
  longRunning: { what: string; bounded: string | null } | null;
  warning: string | null;
  /** "Option A: restart the OSD (choice after step 6)". */
  option: string | null;
}

export interface PreviewModel {
  title: string;
  summary: string | null;
  compiler: CompiledRunbook['compiler'];
  warnings: string[];
  steps: PreviewStep[];
  variables: Array<{
    display: string;
    usedIn: string[];
    description: string | null;
    default: string | null;
    setByRunbook: boolean;
  }>;
  prerequisites: Array<{ text: string; kind: PrerequisiteKind; command: string | null; implied: boolean }>;
  branches: Array<{
    after: string;
    condition: string;
    thenSteps: string[];
    elseSteps: string[];
    question: string;
    options: Array<{ label: string; steps: string[]; jumpTo: string | null }>;
    continueAt: string;
  }>;
  contexts: Array<{ id: string; kind: ContextKind; description: string; steps: string[] }>;
  dropped: Array<{ text: string; reason: DropReason; message: string; after: string }>;
  /** Ambiguities about the runbook as a whole (those about a step sit on the step). */
  runbookQuestions: Array<{ text: string; question: string }>;
  ambiguityCount: number;
  riskCounts: Record<RiskLevel, number> & { none: number };
}

const isLeveled = (step: RunbookStep | LeveledStep): step is LeveledStep => 'level' in step;

const PLACES: Record<ContextKind, string> = {
  pod: 'a pod shell',
  toolbox: 'the toolbox',
  node: 'a node debug pod',
  chroot: "the node's root (chroot)",
  ssh: 'an SSH session',
  vm: "the VM's console",
  database: 'a database shell',
  container: 'a container',
  shell: 'another shell',
};

export function toPreviewModel(runbook: CompiledRunbook | LeveledRunbook): PreviewModel {
  const numberOf = new Map(runbook.steps.map((s) => [s.id, s.order]));
  const label = (id: string) => `step ${numberOf.get(id) ?? id}`;
  const riskCounts = { safe: 0, caution: 0, dangerous: 0, unknown: 0, none: 0 };
  const steps = runbook.steps.map((step): PreviewStep => {
    const preview = previewStep(step, runbook, label);
    if (preview.level) riskCounts[preview.level] += 1;
    else riskCounts.none += 1;
    return preview;
  });
  return {
    title: runbook.title,
    summary: runbook.summary,
    compiler: runbook.compiler,
    warnings: runbook.warnings,
    steps,
    variables: runbook.variables.map((v) => ({
      display: displayVariable(v),
      usedIn: v.usedInSteps.map(label),
      description: v.description,
      default: v.default,
      setByRunbook: v.source === 'runbook',
    })),
    prerequisites: runbook.prerequisites.map((p) => ({
      text: p.text,
      kind: p.kind,
      command: p.command,
      implied: p.implied ?? false,
    })),
    branches: runbook.branches.map((b) => ({
      after: b.fromStepId ? label(b.fromStepId) : 'the start',
      condition: b.condition,
      thenSteps: b.thenStepIds.map(label),
      elseSteps: b.elseStepIds.map(label),
      question: b.question,
      options: b.options.map((o) => ({
        label: o.label,
        steps: o.stepIds.map(label),
        jumpTo: o.jumpToStepId ? label(o.jumpToStepId) : null,
      })),
      continueAt: b.joinStepId ? label(b.joinStepId) : 'the end',
    })),
    contexts: (runbook.contexts ?? []).map((c) => ({
      id: c.id,
      kind: c.kind,
      description: c.description,
      steps: c.stepIds.map(label),
    })),
    dropped: (runbook.dropped ?? []).map((d) => ({
      text: d.text,
      reason: d.reason,
      message: d.message,
      after: d.afterStepId ? label(d.afterStepId) : 'the start',
    })),
    runbookQuestions: runbook.ambiguities
      .filter((a) => a.stepId === null)
      .map((a) => ({ text: a.text, question: a.question })),
    ambiguityCount: runbook.ambiguities.length,
    riskCounts,
  };
}

function previewStep(
  step: RunbookStep | LeveledStep,
  runbook: CompiledRunbook | LeveledRunbook,
  label: (id: string) => string,
): PreviewStep {
  const level = isLeveled(step) ? step.level : null;
  const group = step.groupId ? runbook.groups?.find((g) => g.id === step.groupId) : undefined;
  const branch = step.branch ? runbook.branches.find((b) => b.id === step.branch!.branchId) : undefined;
  const option = branch && step.branch ? branch.options[step.branch.option] : undefined;
  return {
    id: step.id,
    number: step.order,
    title: step.title,
    section: step.section,
    group: group && group.title !== step.section ? group.title : null,
    command: step.command,
    language: step.language,
    isShell: step.isShell,
    level,
    badge: level ? LEVEL_EMOJI[level] : null,
    levelSummary: isLeveled(step) ? step.levelSummary : null,
    rollback: step.rollback,
    variables: step.variables,
    questions: runbook.ambiguities.filter((a) => a.stepId === step.id).map((a) => a.question),
    runMode: step.runMode ?? (step.command ? 'local' : 'manual'),
    where: step.context
      ? `in ${PLACES[step.context.kind]}${step.context.openedByStepId ? ` opened by ${label(step.context.openedByStepId)}` : ' (the runbook does not say how to open it)'}`
      : null,
    wrappedCommand: step.wrappedCommand ?? null,
    longRunning: step.longRunning ?? null,
    warning: step.warning?.text ?? null,
    option: option && branch ? optionNote(branch, step.branch!.option, option.label) : null,
  };
}

/** "only if: the pod is Pending" or "option “Option A: …” of: Which option …?" */
function optionNote(branch: CompiledRunbook['branches'][number], option: number, label: string): string {
  const question = branch.question.replace(/\?$/, '');
  if (branch.kind === 'condition') return option === 0 ? `only if: ${question}` : `only if not: ${question}`;
  return `option “${label}” of: ${branch.question}`;
}

/** `🟢 3  🟡 1  🔴 0  ⬜ 0` */
export function riskCountsLine(counts: PreviewModel['riskCounts']): string {
  return (['safe', 'caution', 'dangerous', 'unknown'] as const).map((l) => `${LEVEL_EMOJI[l]} ${counts[l]}`).join('  ');
}

/** The CLI preview: steps with risk badges and where they run, then variables, branches, questions. */
export function renderPreviewText(runbook: CompiledRunbook | LeveledRunbook): string {
  const model = toPreviewModel(runbook);
  const out: string[] = [`# ${model.title}`];
  if (model.summary) out.push('', model.summary);
  out.push(
    '',
    `${plural(model.steps.length, 'step')} · ${riskCountsLine(model.riskCounts)} · ${plural(model.ambiguityCount, 'question')} · compiler: ${model.compiler}`,
  );
  for (const warning of model.warnings) out.push(`⚠ ${warning}`);
  if (model.prerequisites.length > 0) {
    out.push('', 'Prerequisites');
    for (const p of model.prerequisites) {
      out.push(
        `  • ${p.text} (${p.kind}${p.implied ? ', implied by the commands' : ''})${p.command ? `: ${p.command}` : ''}`,
      );
    }
  }
  out.push(...renderSteps(model));
  out.push(...renderVariables(model), ...renderBranches(model), ...renderDropped(model));
  if (model.runbookQuestions.length > 0) {
    out.push('', 'Questions about the runbook');
    for (const q of model.runbookQuestions) out.push(`  ? ${q.question}`);
  }
  return `${out.join('\n')}\n`;
}

function renderSteps(model: PreviewModel): string[] {
  const out: string[] = [];
  let section: string | null | undefined;
  let group: string | null | undefined;
  for (const step of model.steps) {
    if (step.section !== section) {
      section = step.section;
      group = undefined;
      out.push('', section ?? 'Steps');
    }
    if (step.group !== group) {
      group = step.group;
      if (group) out.push(`  ▸ ${group}`);
    }
    out.push(`  ${step.badge ?? '· '} ${step.number}. ${step.title}`);
    if (step.option) out.push(`       ◇ ${step.option}`);
    if (step.command) out.push(...indent(step.command, '       $ ', '         '));
    else if (step.language && !step.isShell) out.push(`       (${step.language}, run by hand)`);
    if (step.where) out.push(`       ↳ runs ${step.where}${runNote(step)}`);
    if (step.wrappedCommand) out.push(...indent(step.wrappedCommand, '       ↳ from here: ', '         '));
    if (step.levelSummary) out.push(`       ${step.levelSummary}`);
    if (step.warning && !step.levelSummary?.startsWith("Raised by the runbook's warning"))
      out.push(`       ⚠ ${step.warning}`);
    if (step.longRunning) {
      out.push(
        `       ⏱ ${step.longRunning.what}${step.longRunning.bounded ? `; bounded: ${step.longRunning.bounded}` : ''}`,
      );
    }
    if (step.rollback) out.push(...indent(step.rollback, '       ↩ rollback: ', '         '));
    for (const q of step.questions) out.push(`       ? ${q}`);
  }
  return out;
}

function runNote(step: PreviewStep): string {
  if (step.runMode === 'wrapped') return '; the copilot runs it from here as below';
  return '; done by hand, never run by the copilot here';
}

function renderVariables(model: PreviewModel): string[] {
  if (model.variables.length === 0) return [];
  const out = ['', 'Variables'];
  for (const v of model.variables) {
    const details = [
      v.setByRunbook ? 'set by the runbook' : null,
      v.description,
      v.default !== null ? `default ${v.default}` : null,
    ]
      .filter(Boolean)
      .join('; ');
    out.push(
      `  ${v.display}${details ? ` — ${details}` : ''}${v.usedIn.length ? ` (${v.usedIn.join(', ')})` : ' (unused)'}`,
    );
  }
  return out;
}

function renderBranches(model: PreviewModel): string[] {
  if (model.branches.length === 0) return [];
  const out = ['', 'Branches'];
  for (const b of model.branches) {
    out.push(`  after ${b.after}: ${b.question}`);
    for (const o of b.options) {
      const target = o.jumpTo ? `go to ${o.jumpTo}` : o.steps.length ? o.steps.join(', ') : 'nothing more';
      out.push(`    • ${o.label} → ${target}`);
    }
    out.push(`    then ${b.continueAt}`);
  }
  return out;
}

function renderDropped(model: PreviewModel): string[] {
  if (model.dropped.length === 0) return [];
  const out = ['', 'Not made into steps'];
  for (const d of model.dropped) out.push(`  ⚠ \`${d.text}\` (after ${d.after}): ${d.message}`);
  return out;
}

function indent(text: string, first: string, rest: string): string[] {
  return text.split('\n').map((line, i) => `${i === 0 ? first : rest}${line}`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
