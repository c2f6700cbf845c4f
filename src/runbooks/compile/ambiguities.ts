import type { Ambiguity, RunbookStep, RunbookVariable } from '../types.js';
import type { StepDraft } from './draft.js';
import { splitConditional } from './instructions.js';
import { emptyProseNames, placeholderRefs } from './placeholders.js';
import { ALERT_LABEL_NAMES, PEOPLE_VERBS } from './vocabulary.js';

/**
 * What an on-call engineer would have to ask the author: an instruction with nothing to
 * run ("Check the logs" — which logs?), a TODO, a command with `...` or a placeholder in
 * words, a variable nobody defines.
 */
export function stepAmbiguities(draft: StepDraft, step: RunbookStep): Ambiguity[] {
  const out: Ambiguity[] = draft.issues.map((issue) => ({ stepId: step.id, ...issue }));
  if (draft.origin === 'placeholder') {
    out.push({
      stepId: step.id,
      text: step.title,
      question: 'This part of the runbook is not written yet. What should the on-call engineer do here?',
    });
  }
  const jumps = draft.conditional?.target != null || draft.otherwise?.target != null;
  if (
    (draft.origin === 'instruction' || draft.origin === 'heading') &&
    !step.command &&
    !draft.language &&
    !draft.concrete &&
    !jumps &&
    !isAdvice(actionOf(step.title))
  ) {
    out.push({ stepId: step.id, text: step.title, question: vagueQuestion(actionOf(step.title)) });
  }
  for (const command of [step.command, step.rollback]) {
    if (!command) continue;
    if (/(?<!\.)\.{3}(?!\.)|…/.test(command)) {
      out.push({
        stepId: step.id,
        text: command,
        question: 'The command leaves something out with `...`. What goes there?',
      });
    }
    for (const placeholder of wordPlaceholders(command)) {
      out.push({
        stepId: step.id,
        text: placeholder,
        question: `\`${placeholder}\` is described in words, not named. Which variable is it (e.g. \`$NAME\`), and where does its value come from?`,
      });
    }
  }
  return out;
}

/**
 * "Consider …", "Keep in mind …", "Note that …", "Be aware …", "Make sure pods …": advice to
 * the reader, not an action with a missing command.
 */
function isAdvice(action: string): boolean {
  return /^(?:consider|keep in mind|remember|note|be (?:aware|careful)|bear in mind|understand|expect|assume)\b/i.test(
    action.trim(),
  );
}

/** `<value of namespace label from alert>`: a placeholder in words, not a name. */
function wordPlaceholders(command: string): string[] {
  return placeholderRefs(command, emptyProseNames())
    .filter((r) => r.inWords)
    .map((r) => r.written);
}

/** "If X, restart Y" → "restart Y"; "Otherwise, page …" → "page …". */
function actionOf(title: string): string {
  const consequent = splitConditional(title)?.consequent ?? title;
  return consequent.replace(/^(?:otherwise|else|if not|then|first|next|finally|also|please)\b[\s,:]*/i, '');
}

function vagueQuestion(title: string): string {
  const t = title.toLowerCase();
  const verb = t.split(/\s+/).find((w) => /^[a-z]/.test(w)) ?? '';
  if (PEOPLE_VERBS.has(verb)) return 'Who exactly? Name the team, channel or on-call rotation.';
  if (/\blogs?\b/.test(t)) return 'Which logs (which pod, container, file or query), and with what command?';
  if (/\b(?:restart|reload|redeploy|recreate|bounce)\b/.test(t))
    return 'Which service or workload, and with what command?';
  if (/\b(?:dashboard|grafana|console|ui|page)\b/.test(t)) return 'Which dashboard or page? Add a link.';
  if (/\b(?:metrics?|query|queries|graph|trend)\b/.test(t)) return 'Which metric or query? Add it as a code block.';
  if (/\b(?:config|configuration|settings?|rules?)\b/.test(t))
    return 'Which configuration, where does it live, and what should be checked or changed?';
  if (
    /\b(?:delete|remove|drain|cordon|scale|increase|decrease|add|upgrade|update|replace|resize|expand|migrate)\b/.test(
      t,
    )
  ) {
    return 'Which resource exactly, and with what command?';
  }
  return 'What exactly should be run or looked at? Add the command, query or link.';
}

/** A variable with no description, default or pattern that no alert label would fill. */
export function undefinedVariableAmbiguities(variables: RunbookVariable[]): Ambiguity[] {
  return variables
    .filter(
      (v) => v.source === 'user' && v.usedInSteps.length > 0 && !v.description && v.default === null && !v.pattern,
    )
    .filter((v) => !ALERT_LABEL_NAMES.has(v.name.toLowerCase().replace(/[-_]/g, '')))
    .map((v) => ({
      stepId: v.usedInSteps[0] ?? null,
      text: displayVariable(v),
      question: `What value should \`${displayVariable(v)}\` take, and where does it come from? Describe it in front matter \`variables:\` or a Variables section.`,
    }));
}

export function displayVariable(v: Pick<RunbookVariable, 'name' | 'syntax'> & { written?: string }): string {
  if (v.written) return v.written;
  switch (v.syntax) {
    case '$VAR':
      return `$${v.name}`;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
    case '${VAR}':
      return `\${${v.name}}`;
    case '<var>':
      return `<${v.name}>`;
    case '{{var}}':
      return `{{${v.name}}}`;
    case '[var]':
      return `[${v.name}]`;
    case 'VAR':
      return v.name;
  }
}

export function interactiveQuestion(kind: 'session' | 'editor' | 'follow', what: string): string {
  switch (kind) {
    case 'session':
      return `\`${what}\` opens an interactive session, but each step runs as its own non-interactive process. Which commands should run inside it? Pass them in one command (after \`--\`, with \`-c\`, or as arguments).`;
    case 'editor':
      return `\`${what}\` opens an editor the copilot cannot drive. What change should be made? Give it as a command (\`kubectl patch\`, \`kubectl set\`, \`sed -i\`) or a file to apply.`;
    case 'follow':
      return `\`${what}\` keeps running until it is stopped, so the step will only end at its timeout. Limit it (\`--since\`, \`--tail\`, a count) or drop the follow flag?`;
  }
}
