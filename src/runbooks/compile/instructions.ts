import { isInlineCommand } from './inline-command.js';
import { plainText, type Sentence, wordsOf } from './text.js';
import { IMPERATIVE_VERBS, INSTRUCTION_LEADS } from './vocabulary.js';

/**
 * Reading a sentence's intent from how it opens. Runbook prose is formulaic ("Check …",
 * "If …, restart …", "See …", "TODO"), which is what makes this deterministic and cheap.
 */

const MODAL_INSTRUCTION =
  /^(?:you|we|one)\s+(?:should|must|need to|have to|will need to|may need to|might need to|will have to)\s+(\S+)/;
const CONDITION_OPENERS = ['if', 'in case', 'in the case', 'when', 'unless'];

/** True when the words open with a verb in the imperative, after "First,", "Then", "Please". */
function opensWithImperative(text: string): boolean {
  // "Step 1 - check the hit ratio": the label is not the sentence's verb.
  const words = wordsOf(text.replace(/^\W+/, '').replace(STEP_LABEL, ''));
  let i = 0;
  while (i < words.length && INSTRUCTION_LEADS.has(words[i]!)) i++;
  const first = words[i];
  if (first === undefined) return false;
  if (first === 'note' && words[i + 1] === 'that') return false;
  if (first === 'do' && (words[i + 1] === 'not' || words[i + 1] === "don't")) return false;
  if (IMPERATIVE_VERBS.has(first)) return !readsAsSubject(words.slice(i));
  const modal = MODAL_INSTRUCTION.exec(words.slice(i).join(' '));
  return modal?.[1] !== undefined && IMPERATIVE_VERBS.has(modal[1]);
}

const STEP_LABEL = /^step\s*\d+[a-z]?\s*[:.)\-–—]\s*/i;

const FINITE_VERBS = new Set([
  'is',
  'are',
  'was',
  'were',
  'has',
  'have',
  'had',
  'will',
  'would',
  'can',
  'could',
  'should',
  'may',
  'might',
  'must',
  'does',
  'do',
  'did',
  'seems',
  'looks',
  'shows',
  'returns',
  'means',
  'fails',
  'contains',
  "isn't",
  "aren't",
]);
/** Verbs whose object is often a clause: "Check pods are running", "Ensure backups exist". */
const CLAUSE_VERBS = new Set([
  'check',
  'verify',
  'ensure',
  'confirm',
  'make',
  'see',
  'note',
  'validate',
  'test',
  'assume',
]);

/**
 * "Search results are stale", "Restart count is 14": the verb-looking word is the subject's
 * head noun, followed by a finite verb.
 */
function readsAsSubject(words: string[]): boolean {
  if (FINITE_VERBS.has(words[1] ?? '')) return true;
  return !CLAUSE_VERBS.has(words[0] ?? '') && FINITE_VERBS.has(words[2] ?? '');
}

export function isInstruction(sentence: Sentence): boolean {
  // Asked of one sentence by several readers (an aside? a step? a prerequisite?): once is enough.
  const known = instructions.get(sentence);
  if (known !== undefined) return known;
  const result =
    readsAsInstruction(plainText(sentence)) ||
    continuesWithCommand(sentence) ||
    isLabelledCommand(sentence) ||
    opensWithCommand(sentence);
  instructions.set(sentence, result);
  return result;
}

const instructions = new WeakMap<Sentence, boolean>();

/**
 * "… and roll it out with `helm upgrade …`": a sentence opening with "and" plus a verb
 * continues the step above, so it is a step of its own only when it brings a command.
 */
function continuesWithCommand(sentence: Sentence): boolean {
  const rest = /^and\s+(.*)$/is.exec(plainText(sentence))?.[1];
  return (
    rest !== undefined &&
    opensWithImperative(rest) &&
    sentence.some((p) => p.kind === 'code' && isInlineCommand(p.value))
  );
}

/**
 * "**Command:** `kubectl rollout restart …`", "As root: `systemctl restart haproxy`": a
 * short label, then the command to run and nothing else. "Example:" and "Output:" show,
 * they do not ask.
 */
function isLabelledCommand(sentence: Sentence): boolean {
  const text = plainText(sentence).replace(/[*_]/g, '');
  const code = sentence.filter((p) => p.kind === 'code');
  const label = /^\W*([^:`]{1,40}):\s*`[^`]+`\s*\.?$/.exec(text)?.[1]?.trim() ?? null;
  if (label === null || label.split(/\s+/).length > 5 || SHOWING_LABELS.test(label)) return false;
  return code.length === 1 && isInlineCommand(code[0]!.value.replace(/^\s*[$#]\s+/, ''));
}

const SHOWING_LABELS = /^(?:e\.?g|example|for example|output|result|note|see|nb|tip|info|expected|returns?)\b/i;

/** "Then `kubectl get pods` to check them": a command as the sentence's first word is run. */
function opensWithCommand(sentence: Sentence): boolean {
  let i = 0;
  while (sentence[i]?.kind === 'text' && leadsOnly((sentence[i] as { value: string }).value)) i++;
  const code = sentence[i];
  if (code?.kind !== 'code' || !isInlineCommand(code.value)) return false;
  const after = sentence
    .slice(i + 1)
    .map((p) => (p.kind === 'text' ? p.value : p.kind === 'code' ? `\`${p.value}\`` : p.text))
    .join('');
  return /^\s*(?:to\s+[a-z]+\b|,|and\b|then\b|[.!]?\s*$)/i.test(after);
}

/** "Then ", "Next, ", "": nothing but lead words before the command. */
function leadsOnly(text: string): boolean {
  return wordsOf(text).every((w) => INSTRUCTION_LEADS.has(w));
}

function readsAsInstruction(text: string): boolean {
  if (opensWithImperative(text)) return true;
  // "As validation, check …", "In the meantime, run …": a short lead-in, then the verb.
  const lead = /^([^,]{1,40}),\s*(.+)$/s.exec(text);
  // "Once the node is back, uncordon it": a time, then the instruction ("If …, …" is a condition, below).
  if (lead?.[2] && !/^(?:if|in case|when|unless)\b/i.test(text) && opensWithImperative(lead[2])) return true;
  const conditional = splitConditional(text);
  return conditional !== null && (opensWithImperative(conditional.consequent) || refersToStep(conditional.consequent));
}

/** "TODO", "TBD", "To be added." — a part of the runbook nobody has written yet. */
export function isPlaceholder(sentence: Sentence): boolean {
  return /^(?:todo|tbd|tbc|fixme|wip|to be (?:added|written|done|defined|documented)|coming soon)\b/i.test(
    plainText(sentence),
  );
}

/** "See [Debugging Pods](…)", "More information in [blog](…)": a pointer to another document. */
export function isReference(sentence: Sentence): boolean {
  const text = plainText(sentence).toLowerCase();
  const hasLink = sentence.some((p) => p.kind === 'link') || /https?:\/\//.test(text);
  return (
    hasLink &&
    /^(?:see|refer|follow|read|more (?:info|information|details)|further (?:reading|info|information|details)|for more|details)\b/.test(
      text,
    )
  );
}

const OTHERWISE =
  /^(?:otherwise|else|if not|if that fails|if it does not|if it doesn't|if this does not help|if that does not help)\b[\s,:]*/i;

/**
 * "Otherwise, restart …", "If not, go to step 6": the other arm of the conditional before
 * it. Only when an instruction follows: "If not, it's possible …" is commentary.
 */
export function isOtherwise(sentence: Sentence): boolean {
  const text = plainText(sentence);
  const opener = OTHERWISE.exec(text);
  if (!opener) return false;
  const rest = text.slice(opener[0].length);
  return opensWithImperative(rest) || refersToStep(rest);
}

export interface Conditional {
  condition: string;
  consequent: string;
}

/**
 * "If X, do Y" / "If X: do Y" / "If X then do Y" / "In case of X, do Y". The split is taken
 * at the first separator after which an instruction (or a step reference) follows.
 */
export function splitConditional(text: string): Conditional | null {
  const lower = text.toLowerCase();
  const opener = CONDITION_OPENERS.find((o) => lower.startsWith(`${o} `));
  if (!opener) return null;
  const body = text.slice(opener.length + 1);
  const separators = [...body.matchAll(/,\s*(?:then\s+)?|:\s*|\s+then\s+|;\s*/g)];
  for (const sep of separators) {
    const condition = body.slice(0, sep.index).trim();
    // "…, then run `x`; otherwise skip to step 6": what "otherwise" says is the other option's.
    const consequent = body
      .slice((sep.index ?? 0) + sep[0].length)
      .split(/[;,]\s*(?:otherwise|else)\b|\.\s+(?:otherwise|else)\b/i)[0]!
      .trim();
    if (
      condition &&
      consequent &&
      (opensWithImperative(consequent) || refersToStep(consequent) || isCommandOnly(consequent))
    ) {
      return { condition: opener === 'if' ? condition : `${opener} ${condition}`, consequent };
    }
  }
  return null;
}

/** "If the pod is CrashLooping: `kubectl delete pod …`": the consequent is the command itself. */
function isCommandOnly(text: string): boolean {
  const code = /^`([^`]+)`\s*\.?$/.exec(text)?.[1];
  return code !== undefined && isInlineCommand(code);
}

/** "go to step 4", "skip to the Rollback section", "continue with step 6", a `#anchor` link. */
export function refersToStep(text: string): boolean {
  return stepReference(text) !== null;
}

export type StepReference = { kind: 'number'; number: number } | { kind: 'section'; name: string };

export function stepReference(text: string): StepReference | null {
  const number = /\b(?:go|skip|jump|continue|proceed|return|move|start again|repeat)\b[^.]*?\bstep\s*#?(\d+)/i.exec(
    text,
  );
  if (number?.[1]) return { kind: 'number', number: Number(number[1]) };
  const section =
    /\b(?:go|skip|jump|continue|proceed|move|follow)\b[^.]*?\b(?:to|with)\s+(?:the\s+)?["“[]?([A-Za-z][\w\s-]*?)["”\]]?(?:\(#[\w-]+\))?\s+section\b/i.exec(
      text,
    ) ?? /\(#([\w-]+)\)/.exec(text);
  if (section?.[1]) return { kind: 'section', name: section[1].trim() };
  return null;
}

/** "Rollback: …", "**Undo:** …", "To roll back, …" — the inverse of the step before. */
export function isRollbackLine(text: string): boolean {
  return /^(?:rollback|roll back|roll-back|undo|revert|to undo|to roll back|to revert|to rollback)(?:\s+(?:it|this|that|them))?\s*(?:[:—–-]|,|\(|(?:with|using|by running|via)\s)/i.test(
    text.trim(),
  );
}
