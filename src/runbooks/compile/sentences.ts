import { isInlineCommand } from './inline-command.js';
import { isInstruction, isOtherwise, isPlaceholder, isReference } from './instructions.js';
import { mayBeCommandLine } from './shell/lines.js';
import { matchPrompt } from './shell/prompts.js';
import { type Piece, plainText, type Sentence } from './text.js';

// Sentences of a paragraph, grouped into the steps they open.

export interface SentenceGroup {
  head: Sentence;
  rest: Sentence[];
}

/**
 * Each instruction sentence opens a step; sentences after it explain it. Sentences before
 * the first instruction are context.
 */
export function groupSentences(sentences: Sentence[], takePrerequisite: (s: Sentence) => boolean) {
  const leading: Sentence[] = [];
  const groups: SentenceGroup[] = [];
  sentences.forEach((sentence, index) => {
    if (takePrerequisite(sentence)) return;
    // "More information in [doc]" mid-paragraph supports the text around it.
    const opens = index === 0 ? opensStep(sentence) : opensStep(sentence) && !isReference(sentence);
    if (opens) groups.push({ head: sentence, rest: [] });
    else if (groups.length > 0) groups[groups.length - 1]!.rest.push(sentence);
    else leading.push(sentence);
  });
  return { leading, groups };
}

/** Takes "the following … :" sentences off the end of a group: they introduce what follows. */
export function splitTrailingIntro(group: SentenceGroup): Sentence[] {
  const index = group.rest.findIndex((s) => {
    const text = plainText(s);
    return text.endsWith(':') || /\b(?:the following|below)\b/i.test(text);
  });
  if (index < 0) return [];
  return group.rest.splice(index);
}

export function opensStep(sentence: Sentence): boolean {
  return isInstruction(sentence) || isPlaceholder(sentence) || isReference(sentence) || isOtherwise(sentence);
}

export function commandsIn(pieces: readonly Piece[]): string[] {
  return pieces.flatMap((p, i) => {
    if (p.kind !== 'code') return [];
    const code = withoutPrompt(p.value);
    return isInlineCommand(code) || isRunObject(pieces[i - 1], code) ? [code] : [];
  });
}

/**
 * "Scale up: `… --replicas=6` (rollback: `… --replicas=3`)", "Drain it with `…`; undo with
 * `kubectl uncordon …`": the command after a rollback cue undoes the step, it is not run.
 */
export function rollbackIn(pieces: readonly Piece[]): string | null {
  let before = '';
  for (const piece of pieces) {
    if (piece.kind === 'code') {
      if (ROLLBACK_CUE.test(before) && isInlineCommand(withoutPrompt(piece.value))) return withoutPrompt(piece.value);
      before = '';
    } else before += piece.kind === 'text' ? piece.value : piece.text;
  }
  return null;
}

const ROLLBACK_CUE =
  /\b(?:rollback|roll(?:ing)?[ -]back|undo|revert)(?:\s+(?:it|this|that|them))?\s*(?:with|using|by running|via|is|:|—|–|-)?\s*$/i;

/** The commands of pieces that run, without the one a rollback cue introduces. */
export function runCommandsIn(pieces: readonly Piece[]): string[] {
  const rollback = rollbackIn(pieces);
  return commandsIn(pieces).filter((c) => c !== rollback);
}

/** `` `$ kubectl get pods` ``, `` `# systemctl restart haproxy` ``: the prompt is not part of the command. */
function withoutPrompt(code: string): string {
  const prompt = matchPrompt(code);
  return prompt && isInlineCommand(prompt.command) ? prompt.command.trim() : code.trim();
}

/**
 * "Run `resolvectl flush-caches`": code right after "run" or "execute" is a command even
 * when the compiler does not know its program, as long as it reads as one.
 */
function isRunObject(before: Piece | undefined, code: string): boolean {
  if (before?.kind !== 'text' || !/\b(?:run|running|execute|executing)\s*:?\s*$/i.test(before.value)) return false;
  return /^(?:sudo\s+)?(?:[a-z][\w.-]*|\.{0,2}\/[\w./-]+)\s+\S/.test(code.trim()) && mayBeCommandLine(code);
}

/**
 * Of the prose above a code block, the sentence that introduces it: one ending in ":", one
 * pointing at "the following"/"below", one saying what "you can" do, else the last.
 */
export function introducingSentence(sentences: Sentence[]): Sentence {
  const texts = sentences.map((s) => plainText(s));
  const pick = (test: (t: string) => boolean) => {
    for (let i = texts.length - 1; i >= 0; i--) if (test(texts[i]!)) return sentences[i];
    return undefined;
  };
  return (
    pick((t) => t.endsWith(':')) ??
    pick((t) => /\b(?:the following|below|this command|these commands)\b/i.test(t)) ??
    pick((t) => /\b(?:you|we) (?:can|could|may)\b/i.test(t)) ??
    sentences.at(-1)!
  );
}

export function firstSentenceOf(markdown: string): string {
  const firstLine = markdown.split(/\n\s*\n/)[0] ?? markdown;
  const m = /^(.+?[.!?:])(?:\s|$)/s.exec(firstLine.replace(/\s+/g, ' '));
  return (m?.[1] ?? firstLine).replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
}

/**
 * "Either delete the pod with `oc delete pod x` or restart the set with `oc rollout restart
 * ds/y`": commands joined by "or" are options; each is labelled by the words before it.
 * Null when the commands are a sequence.
 */
export function orSeparatedCommands(pieces: readonly Piece[]): string[] | null {
  const labels: string[] = [];
  let before = '';
  let commands = 0;
  for (const piece of pieces) {
    if (piece.kind === 'code' && isInlineCommand(piece.value)) {
      if (commands > 0 && !/\bor\b/i.test(before)) return null;
      if (commands > 0 && /\b(?:and|then)\b/i.test(before)) return null;
      labels.push(optionLabel(before, piece.value));
      commands++;
      before = '';
    } else before += piece.kind === 'text' ? piece.value : piece.kind === 'code' ? `\`${piece.value}\`` : piece.text;
  }
  return commands > 1 ? labels : null;
}

function optionLabel(words: string, command: string): string {
  const label = words
    .replace(/^[\s,.;:]*(?:either|or|and)?\b\s*/i, '')
    .replace(/\s*(?:with|by running|using|via|by|run|:)\s*$/i, '')
    .replace(/[\s,.;:]+$/, '')
    .trim();
  return label ? label.charAt(0).toUpperCase() + label.slice(1) : `\`${command}\``;
}
