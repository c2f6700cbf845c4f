import { LEVEL_EMOJI, type RiskLevel } from '../classifier/types.js';
import { displayVariable } from './compile/ambiguities.js';
import type { CompiledRunbook, LeveledRunbook, LeveledStep, PrerequisiteKind, RunbookStep } from './types.js';

/**
 * One view-model of a compiled runbook for every surface: the CLI's text preview here, the
 * Slack Block Kit preview in blocks/. Plain data, already worded for people.
 */
export interface PreviewStep {
  id: string;
  number: number;
  title: string;
  section: string | null;
  command: string | null;
  language: string | null;
  isShell: boolean;
  level: RiskLevel | null;
  /** 🟢 🟡 🔴 ⬜ for a command, null for a step without one. */
  badge: string | null;
  levelSummary: string | null;
  rollback: string | null;
  variables: string[];
  questions: string[];
}

export interface PreviewModel {
  title: string;
  summary: string | null;
  compiler: CompiledRunbook['compiler'];
  warnings: string[];
  steps: PreviewStep[];
  variables: Array<{ display: string; usedIn: string[]; description: string | null; default: string | null }>;
  prerequisites: Array<{ text: string; kind: PrerequisiteKind; command: string | null }>;
  branches: Array<{ after: string; condition: string; thenSteps: string[]; elseSteps: string[] }>;
  /** Ambiguities about the runbook as a whole (those about a step sit on the step). */
  runbookQuestions: Array<{ text: string; question: string }>;
  ambiguityCount: number;
  riskCounts: Record<RiskLevel, number> & { none: number };
}

const isLeveled = (step: RunbookStep | LeveledStep): step is LeveledStep => 'level' in step;

export function toPreviewModel(runbook: CompiledRunbook | LeveledRunbook): PreviewModel {
  const numberOf = new Map(runbook.steps.map((s) => [s.id, s.order]));
  const label = (id: string) => `step ${numberOf.get(id) ?? id}`;
  const riskCounts = { safe: 0, caution: 0, dangerous: 0, unknown: 0, none: 0 };
  const steps = runbook.steps.map((step): PreviewStep => {
    const level = isLeveled(step) ? step.level : null;
    if (level) riskCounts[level] += 1;
    else riskCounts.none += 1;
    return {
      id: step.id,
      number: step.order,
      title: step.title,
      section: step.section,
      command: step.command,
      language: step.language,
      isShell: step.isShell,
      level,
      badge: level ? LEVEL_EMOJI[level] : null,
      levelSummary: isLeveled(step) ? step.levelSummary : null,
      rollback: step.rollback,
      variables: step.variables,
      questions: runbook.ambiguities.filter((a) => a.stepId === step.id).map((a) => a.question),
    };
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
    })),
    prerequisites: runbook.prerequisites.map((p) => ({ text: p.text, kind: p.kind, command: p.command })),
    branches: runbook.branches.map((b) => ({
      after: label(b.fromStepId),
      condition: b.condition,
      thenSteps: b.thenStepIds.map(label),
      elseSteps: b.elseStepIds.map(label),
    })),
    runbookQuestions: runbook.ambiguities
      .filter((a) => a.stepId === null)
      .map((a) => ({ text: a.text, question: a.question })),
    ambiguityCount: runbook.ambiguities.length,
    riskCounts,
  };
}

/** `🟢 3  🟡 1  🔴 0  ⬜ 0` */
export function riskCountsLine(counts: PreviewModel['riskCounts']): string {
  return (['safe', 'caution', 'dangerous', 'unknown'] as const).map((l) => `${LEVEL_EMOJI[l]} ${counts[l]}`).join('  ');
}

/** The CLI preview: steps with risk badges, then variables, prerequisites, branches, questions. */
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
    for (const p of model.prerequisites) out.push(`  • ${p.text} (${p.kind})${p.command ? `: ${p.command}` : ''}`);
  }
  let section: string | null | undefined;
  for (const step of model.steps) {
    if (step.section !== section) {
      section = step.section;
      out.push('', section ?? 'Steps');
    }
    out.push(`  ${step.badge ?? '· '} ${step.number}. ${step.title}`);
    if (step.command) out.push(...indent(step.command, '       $ ', '         '));
    else if (step.language && !step.isShell) out.push(`       (${step.language}, run by hand)`);
    if (step.levelSummary) out.push(`       ${step.levelSummary}`);
    if (step.rollback) out.push(...indent(step.rollback, '       ↩ rollback: ', '         '));
    for (const q of step.questions) out.push(`       ? ${q}`);
  }
  if (model.variables.length > 0) {
    out.push('', 'Variables');
    for (const v of model.variables) {
      const details = [v.description, v.default !== null ? `default ${v.default}` : null].filter(Boolean).join('; ');
      out.push(
        `  ${v.display}${details ? ` — ${details}` : ''}${v.usedIn.length ? ` (${v.usedIn.join(', ')})` : ' (unused)'}`,
      );
    }
  }
  if (model.branches.length > 0) {
    out.push('', 'Branches');
    for (const b of model.branches) {
      out.push(
        `  after ${b.after}: if ${b.condition} → ${b.thenSteps.join(', ')}${b.elseSteps.length ? `; otherwise → ${b.elseSteps.join(', ')}` : ''}`,
      );
    }
  }
  if (model.runbookQuestions.length > 0) {
    out.push('', 'Questions about the runbook');
    for (const q of model.runbookQuestions) out.push(`  ? ${q.question}`);
  }
  return `${out.join('\n')}\n`;
}

function indent(text: string, first: string, rest: string): string[] {
  return text.split('\n').map((line, i) => `${i === 0 ? first : rest}${line}`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
