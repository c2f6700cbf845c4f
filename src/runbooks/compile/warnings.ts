import type { StepWarning } from '../types.js';

/**
 * A warning the author put next to a step ("**Warning:** this permanently deletes …",
 * "> [!CAUTION]", "This cannot be undone."): the step is shown and gated at least at the
 * warning's level, even when it has no command the classifier could judge.
 */
const LABEL =
  /^(?:\W*\[!(?:warning|caution|danger|important)\]|\W*(?:⚠️?|🛑|❗)|(?:\*\*|__)?(?:warning|caution|danger|dangerous|important|attention)\b(?:\*\*|__)?\s*[:!-])/i;
const GRAVE =
  /\bpermanent(?:ly)?\b|\birreversibl[ey]\b|\bcannot be (?:undone|reverted|recovered)\b|\bcan(?:'|no)t be (?:undone|reverted|recovered)\b|\bdata (?:will be |is |are )?(?:permanently )?(?:lost|destroyed|deleted|wiped)\b|\bdata loss\b|\blos(?:e|es|ing) (?:all )?(?:the )?data\b|\b(?:destroys?|wipes?|erases?)\b|\bdelete(?:s)? (?:all|every)\b|\bunrecoverable\b/i;

export function warningIn(text: string): StepWarning | null {
  const flat = text.replace(/\s+/g, ' ').trim();
  const labelled = LABEL.test(flat);
  const grave = GRAVE.test(flat);
  if (!labelled && !(grave && /\b(?:this|it|doing so|the command|these commands|that)\b/i.test(flat))) return null;
  return { text: flat, level: grave ? 'dangerous' : 'caution' };
}

/** The stronger of two warnings (dangerous over caution; the first when equal). */
export function strongerWarning(a: StepWarning | null, b: StepWarning | null): StepWarning | null {
  if (!a) return b;
  if (!b) return a;
  return b.level === 'dangerous' && a.level !== 'dangerous' ? b : a;
}

/** "NOTE:", "Tip:", "Info:", "Important:", "Warning:": an aside, never a step of its own. */
export function isAdmonition(text: string): boolean {
  return /^\W*(?:\[!(?:note|tip|info|important|warning|caution|danger)\]|(?:\*\*|__)?(?:note|nb|n\.b\.|tip|hint|info|important|warning|caution|danger|attention|remember|reminder)\b(?:\*\*|__)?\s*[:!-])/i.test(
    text.trim(),
  );
}
