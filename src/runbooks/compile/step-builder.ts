import type { Code, Heading, List, ListItem, Paragraph, Root, RootContent, Table } from 'mdast';
import { fenced } from '../normalise/fence.js';
import type { Prerequisite } from '../types.js';
import { interactiveQuestion } from './ambiguities.js';
import { newDraft, type StepDraft, type StepOrigin } from './draft.js';
import {
  isInstruction,
  isOtherwise,
  isPlaceholder,
  isReference,
  isRollbackLine,
  splitConditional,
  stepReference,
} from './instructions.js';
import { codeLanguage } from './language.js';
import { hasCode, hasInlineCommand, isRollbackItem, mostlyInstructions } from './list-items.js';
import { dedupePrerequisites, isPrerequisiteSentence, prerequisiteKind } from './prerequisites.js';
import { isNumberedStepHeading, isSummarySection, sectionKindOf } from './sections.js';
import {
  commandsIn,
  firstSentenceOf,
  groupSentences,
  introducingSentence,
  type SentenceGroup,
  splitTrailingIntro,
} from './sentences.js';
import { interactiveUse } from './shell/interactive.js';
import { analyseShellBlock, type ShellBlock } from './shell/split-block.js';
import {
  markdownText,
  type Piece,
  piecesOf,
  plainText,
  type Sentence,
  sourceOf,
  splitSentences,
  titleFrom,
  variableToken,
} from './text.js';
import { findTitleHeading, findTitleLine, oneLine, runTitle } from './titles.js';
import type { SectionKind } from './vocabulary.js';

/** A variable's meaning as the runbook body states it (assignment, Variables section). */
export interface VariableDefinition {
  description: string | null;
  default: string | null;
}

export interface BuiltRunbook {
  steps: StepDraft[];
  prerequisites: Prerequisite[];
  definitions: Map<string, VariableDefinition>;
  summary: string | null;
  titleHeading: string | null;
}

interface OpenHeading {
  depth: number;
  text: string;
  kind: SectionKind;
  instruction: boolean;
}

/** A prose paragraph held back one block: it may turn out to introduce code. */
interface HeldNote {
  markdown: string;
  sentences: Sentence[];
}

/**
 * Walks the Markdown tree once, in order, and turns it into step drafts. Sections decide
 * how prose is read: Meaning/Impact is context, Prerequisites become prerequisites,
 * Diagnosis/Mitigation/Steps (and unnamed sections) yield steps.
 */
export function buildSteps(tree: Root, markdown: string): BuiltRunbook {
  return new StepBuilder(markdown).build(tree);
}

class StepBuilder {
  private readonly steps: StepDraft[] = [];
  private readonly prerequisites: Prerequisite[] = [];
  private readonly definitions = new Map<string, VariableDefinition>();
  private summary: string | null = null;
  private titleHeading: string | null = null;

  private readonly headings: OpenHeading[] = [];
  /** Steps made under the current heading (not counting sub-headings). */
  private bodySteps: StepDraft[] = [];
  /** Notes waiting for the next step in this section. */
  private pendingNotes: string[] = [];
  private heldNote: HeldNote | null = null;
  /** The step the block just read made: code right after an instruction is its command. */
  private previous: StepDraft | null = null;
  private awaitingRollback = false;
  /** Interactive sessions opened (`oc debug`, `chroot`) and not yet left with `exit`. */
  private openSessions = 0;

  constructor(private readonly markdown: string) {}

  build(tree: Root): BuiltRunbook {
    const titleNode = findTitleHeading(tree) ?? findTitleLine(tree);
    for (const node of tree.children) {
      if (node === titleNode) {
        this.titleHeading = plainText(piecesOf(node.children)) || null;
        continue;
      }
      this.visit(node);
    }
    this.closeBody(null);
    return {
      steps: this.steps,
      prerequisites: dedupePrerequisites(this.prerequisites),
      definitions: this.definitions,
      summary: this.summary,
      titleHeading: this.titleHeading,
    };
  }

  // ── blocks ──────────────────────────────────────────────────────────────────────────

  private visit(node: RootContent): void {
    if (node.type !== 'code' && node.type !== 'list') this.releaseHeldNote();
    switch (node.type) {
      case 'heading':
        this.openHeading(node);
        break;
      case 'paragraph':
        this.paragraph(node);
        break;
      case 'list':
        this.list(node);
        break;
      case 'code':
        this.code(node, null);
        break;
      case 'blockquote':
        for (const child of node.children) this.visit(child);
        break;
      case 'table':
        this.table(node);
        break;
      default:
        break; // front matter, html, definitions, rules: nothing to run
    }
  }

  private get kind(): SectionKind {
    return this.headings[this.headings.length - 1]?.kind ?? 'unknown';
  }

  private get section(): string | null {
    return this.headings[0]?.text ?? null;
  }

  private openHeading(node: Heading): void {
    const text = plainText(piecesOf(node.children));
    this.closeBody(node.depth);
    while ((this.headings[this.headings.length - 1]?.depth ?? 0) >= node.depth) this.headings.pop();
    const own = sectionKindOf(text);
    const parent = this.headings[this.headings.length - 1]?.kind;
    const kind: SectionKind = own ?? (isNumberedStepHeading(text) ? 'action' : (parent ?? 'unknown'));
    const instruction = isNumberedStepHeading(text) || (own === null && isInstruction(piecesOf(node.children)));
    this.headings.push({ depth: node.depth, text, kind, instruction });
    this.previous = null;
    this.openSessions = 0;
  }

  /**
   * The end of a heading's own body. Prose with no step in an action section becomes one
   * step to read (unless a sub-heading follows, which it introduces); a heading that is
   * itself an instruction and has nothing under it becomes a step.
   */
  private closeBody(nextDepth: number | null): void {
    this.releaseHeldNote();
    const current = this.headings[this.headings.length - 1];
    const opensChild = current !== undefined && nextDepth !== null && nextDepth > current.depth;
    if (this.bodySteps.length === 0 && current && !opensChild) {
      if (current.instruction && (current.kind === 'action' || current.kind === 'unknown')) {
        this.addStep(newDraft({ title: titleFrom(current.text), origin: 'heading' }));
      } else if (this.pendingNotes.length > 0 && current.kind === 'action') {
        const first = this.pendingNotes[0]!;
        this.addStep(newDraft({ title: titleFrom(firstSentenceOf(first)), origin: 'note' }));
      }
    }
    if (!opensChild) this.pendingNotes = [];
    this.bodySteps = [];
    this.previous = null;
  }

  private paragraph(node: Paragraph): void {
    const pieces = piecesOf(node.children);
    const markdown = sourceOf(this.markdown, node);
    const text = plainText(pieces);
    if (text === '') return;
    switch (this.kind) {
      case 'context':
        if (this.summary === null && isSummarySection(this.headings[this.headings.length - 1]?.text ?? '')) {
          this.summary = text;
        }
        this.previous = null;
        return;
      case 'prerequisites':
        for (const sentence of splitSentences(pieces)) this.addPrerequisite(sentence);
        this.previous = null;
        return;
      case 'variables':
        this.defineVariablesFrom(pieces);
        return;
      default:
        break;
    }
    if (isRollbackLine(text)) {
      this.rollbackFrom(pieces, markdown);
      return;
    }
    const { leading, groups } = groupSentences(splitSentences(pieces), (s) => this.takePrerequisite(s));
    if (groups.length === 0) {
      if (leading.length > 0) this.heldNote = { markdown, sentences: leading };
      if (this.headings.length === 0 && this.summary === null && leading.length > 0) this.summary = text;
      return;
    }
    if (leading.length > 0) this.addNote(markdownText(leading.flat()));
    const trailingIntro = splitTrailingIntro(groups[groups.length - 1]!);
    let last: StepDraft | null = null;
    for (const group of groups) last = this.stepsFromSentences(group, null).at(-1) ?? last;
    this.previous = last;
    if (trailingIntro.length > 0) {
      // "… If monitoring is enabled, the following metric can be watched:" introduces the code below.
      this.heldNote = { markdown: markdownText(trailingIntro.flat()), sentences: trailingIntro };
    }
  }

  private list(node: List): void {
    switch (this.kind) {
      case 'context':
        this.releaseHeldNote();
        this.previous = null;
        return;
      case 'prerequisites':
        this.releaseHeldNote();
        for (const item of node.children) this.prerequisiteItem(item);
        return;
      case 'variables':
        for (const item of node.children) {
          const first = item.children[0];
          if (first?.type === 'paragraph') this.defineVariablesFrom(piecesOf(first.children));
        }
        return;
      default:
        break;
    }
    const itemised = node.ordered === true || node.children.some(hasCode) || mostlyInstructions(node.children);
    const listMarkdown = sourceOf(this.markdown, node);
    if (!itemised) {
      // A checklist ("Other things to check:" + reasons) reads with the text above it.
      if (this.heldNote) {
        const held = this.heldNote;
        this.heldNote = null;
        this.addNote(`${held.markdown}\n\n${listMarkdown}`);
      } else if (this.previous) {
        this.previous.text.push(listMarkdown);
        this.previous.concrete = true;
      } else {
        this.addNote(listMarkdown);
      }
      return;
    }
    this.releaseHeldNote();
    this.absorbIntroStep();
    const start = node.start ?? 1;
    for (const [index, item] of node.children.entries()) this.listItem(item, node.ordered ? start + index : null);
  }

  /** "Run these checks:" over an itemised list says nothing the items do not: fold it in. */
  private absorbIntroStep(): void {
    const intro = this.previous;
    if (!intro || intro.command || intro.language || intro.origin !== 'instruction') return;
    if (!intro.text.join(' ').trimEnd().endsWith(':') || this.steps.at(-1) !== intro) return;
    this.steps.pop();
    this.bodySteps = this.bodySteps.filter((s) => s !== intro);
    this.pendingNotes.push(...intro.text);
    this.previous = null;
  }

  private listItem(item: ListItem, number: number | null): void {
    const [first, ...rest] = item.children;
    let step: StepDraft | null = null;
    if (first?.type === 'paragraph') {
      const pieces = piecesOf(first.children);
      const text = plainText(pieces);
      if (isRollbackLine(text)) {
        this.rollbackFrom(pieces, sourceOf(this.markdown, first));
        return;
      }
      const sentences = splitSentences(pieces);
      if (sentences.length === 1 && !hasCode(item) && this.takePrerequisite(sentences[0]!)) return;
      if (sentences.length > 0)
        step = this.stepsFromSentences({ head: sentences[0]!, rest: sentences.slice(1) }, number).at(-1) ?? null;
    }
    this.previous = step;
    for (const child of first?.type === 'paragraph' ? rest : item.children) this.itemChild(child, number);
  }

  /** Later blocks of a list item belong to its step: code, a rollback line, sub-bullets. */
  private itemChild(child: ListItem['children'][number], number: number | null): void {
    const step = this.previous;
    switch (child.type) {
      case 'paragraph': {
        const pieces = piecesOf(child.children);
        if (isRollbackLine(plainText(pieces))) {
          this.rollbackFrom(pieces, sourceOf(this.markdown, child));
          return;
        }
        if (!step) {
          this.paragraph(child);
          return;
        }
        step.text.push(sourceOf(this.markdown, child));
        const inline = commandsIn(pieces);
        if (!step.command && inline[0]) this.setCommand(step, inline[0], 'bash');
        if (pieces.some((p) => p.kind !== 'text')) step.concrete = true;
        return;
      }
      case 'code':
        this.code(child, step);
        return;
      case 'list': {
        const nestedRollback = child.children.every((i) => isRollbackItem(i));
        if (step && (nestedRollback || !(child.children.some(hasCode) || child.children.some(hasInlineCommand)))) {
          if (nestedRollback) for (const i of child.children) this.listItem(i, number);
          else {
            step.text.push(sourceOf(this.markdown, child));
            step.concrete = true;
          }
          this.previous = step;
          return;
        }
        this.list(child);
        return;
      }
      default:
        if (step) step.text.push(sourceOf(this.markdown, child));
    }
  }

  private code(node: Code, explicitIntro: StepDraft | null): void {
    const kind = this.kind;
    if (kind === 'context' || kind === 'variables') {
      this.releaseHeldNote();
      return;
    }
    const language = codeLanguage(node);
    const markdown = sourceOf(this.markdown, node);
    const intro = explicitIntro ?? this.introStep();
    const isRollback = this.awaitingRollback || /\b(?:rollback|undo)\b/i.test(node.meta ?? '');
    this.awaitingRollback = false;

    if (!language.isShell) {
      if (kind === 'prerequisites' || language.language === 'text' || isRollback) {
        this.attachSample(markdown, intro);
        return;
      }
      const step = intro ?? this.newCodeStep(node.value.trim(), null, 'query', markdown);
      if (intro) intro.text.push(markdown);
      step.language = language.language;
      step.isShell = false;
      step.code = node.value;
      step.concrete = true;
      if (step.origin !== 'instruction') step.origin = 'query';
      this.previous = step;
      return;
    }

    const block = analyseShellBlock(node.value);
    this.defineFromAssignments(block);
    const commands = this.withoutSessionExits(block);
    if (kind === 'prerequisites') {
      this.releaseHeldNote();
      const last = this.prerequisites.at(-1);
      const command = commands.map((c) => c.command).join('\n') || null;
      if (last && !last.command) last.command = command;
      else if (command)
        this.prerequisites.push({ text: `Run \`${oneLine(command)}\``, kind: prerequisiteKind(command), command });
      return;
    }
    if (isRollback) {
      this.releaseHeldNote();
      this.rollbackCommand(commands.map((c) => c.command).join('\n'), markdown);
      return;
    }
    if (commands.length === 0) {
      this.attachSample(markdown, intro);
      if (intro && block.commands.length > 0) intro.concrete = true; // only `exit`s that end a session
      const todo = block.comments.find((c) => /^(?:todo|tbd|fixme)\b/i.test(c));
      const target = intro ?? this.steps.at(-1);
      if (todo && target && target.section === this.section) {
        target.concrete = true; // the TODO below says it better than "which command?"
        target.issues.push({
          text: `# ${todo}`,
          question: 'The code block has no command yet, only a TODO comment. What command should be run here?',
        });
      }
      return;
    }
    const total = commands.length;
    let step: StepDraft | null = null;
    commands.forEach((entry, index) => {
      if (index === 0 && intro) {
        step = intro;
        intro.text.push(markdown);
        if (total > 1) intro.title = `${intro.title} (1 of ${total})`;
      } else if (index === 0) {
        step = this.newCodeStep(entry.command, entry.comment, 'command', markdown);
      } else {
        const base = intro ? intro.title.replace(/ \(1 of \d+\)$/, '') : null;
        const title = entry.comment
          ? titleFrom(entry.comment)
          : base
            ? `${base} (${index + 1} of ${total})`
            : runTitle(entry.command);
        step = this.addStep(newDraft({ title, origin: 'command', text: [fenced(entry.command, language.language)] }));
      }
      this.setCommand(step, entry.command, language.language);
    });
    const last = step as StepDraft | null;
    if (last && block.elided) {
      last.issues.push({
        text: '...',
        question: 'The code block leaves lines out with `...`. What exactly should be run or changed there?',
      });
    }
    this.previous = last;
  }

  /**
   * After `oc debug node/x` or `chroot /host`, an `exit` only leaves that session (the
   * commands between run inside it, which the session's ambiguity says): not a step.
   */
  private withoutSessionExits(block: ShellBlock): ShellBlock['commands'] {
    return block.commands.filter((entry) => {
      if (/^exit(?:\s+\d+)?$/.test(entry.command.trim()) && this.openSessions > 0) {
        this.openSessions--;
        return false;
      }
      if (interactiveUse(entry.command)?.kind === 'session') this.openSessions++;
      return true;
    });
  }

  private table(node: Table): void {
    if (this.kind === 'variables') {
      for (const row of node.children.slice(1)) {
        const [nameCell, descriptionCell] = row.children;
        if (!nameCell) continue;
        const name = variableToken(piecesOf(nameCell.children));
        const description = descriptionCell ? plainText(piecesOf(descriptionCell.children)) : '';
        if (name) this.define(name, { description: description || null, default: null });
      }
      return;
    }
    if (this.kind === 'context' || this.kind === 'prerequisites') return;
    const markdown = sourceOf(this.markdown, node);
    if (this.previous) this.previous.text.push(markdown);
    else this.addNote(markdown);
  }

  // ── steps ───────────────────────────────────────────────────────────────────────────

  private addStep(draft: StepDraft): StepDraft {
    draft.section = this.section;
    draft.headingPath = this.headings.map((h) => h.text);
    draft.text = [...this.pendingNotes, ...draft.text];
    this.pendingNotes = [];
    this.steps.push(draft);
    this.bodySteps.push(draft);
    return draft;
  }

  private addNote(markdown: string): void {
    const last = this.bodySteps.at(-1);
    if (last) last.text.push(markdown);
    else this.pendingNotes.push(markdown);
  }

  private releaseHeldNote(): void {
    if (!this.heldNote) return;
    const held = this.heldNote;
    this.heldNote = null;
    this.addNote(held.markdown);
    this.previous = null;
  }

  /** The instruction just above a code block, waiting for its command. */
  private introStep(): StepDraft | null {
    if (this.heldNote) return null;
    const step = this.previous;
    if (step && !step.command && !step.language && this.bodySteps.includes(step)) return step;
    return null;
  }

  /** One step per inline command; an instruction without one is still a step. */
  private stepsFromSentences(group: SentenceGroup, listNumber: number | null): StepDraft[] {
    const sentences = [group.head, ...group.rest];
    const pieces = sentences.flat();
    const headText = plainText(group.head);
    const commands = commandsIn(pieces);
    const origin: StepOrigin = isPlaceholder(group.head)
      ? 'placeholder'
      : isReference(group.head) && commands.length === 0
        ? 'reference'
        : isInstruction(group.head) || isOtherwise(group.head)
          ? 'instruction'
          : 'item';
    const heading = this.headings[this.headings.length - 1]?.text;
    const baseTitle = origin === 'placeholder' && heading ? `${heading}: ${titleFrom(headText)}` : titleFrom(headText);
    const conditional = splitConditional(headText);
    const text = sentences.map((s) => markdownText(s)).join(' ');
    const shared = {
      origin,
      // Inline code, a link, a #channel or @person: the step names what it is about.
      concrete: pieces.some((p) => p.kind !== 'text' || /(?:^|\s)[#@][a-z0-9][\w.-]*/i.test(p.value)),
      listNumber,
      conditional: conditional
        ? { condition: conditional.condition, target: stepReference(conditional.consequent) }
        : null,
      otherwise: isOtherwise(group.head) ? { target: stepReference(markdownText(group.head)) } : null,
    };
    if (commands.length <= 1) {
      const step = this.addStep(newDraft({ ...shared, title: baseTitle, text: [text] }));
      if (commands[0]) this.setCommand(step, commands[0], 'bash');
      return [step];
    }
    return commands.map((command, index) => {
      const step = this.addStep(
        newDraft({
          ...shared,
          title: `${baseTitle} (${index + 1} of ${commands.length})`,
          text: [index === 0 ? text : `\`${command}\``],
        }),
      );
      this.setCommand(step, command, 'bash');
      return step;
    });
  }

  private newCodeStep(code: string, comment: string | null, origin: StepOrigin, markdown: string): StepDraft {
    const held = this.heldNote;
    this.heldNote = null;
    let title: string;
    const text: string[] = [];
    if (held) {
      // The prose right above the code introduces it: its last sentence is the title.
      const introducing = introducingSentence(held.sentences);
      title = titleFrom(plainText(introducing));
      text.push(held.markdown);
    } else if (comment) {
      title = titleFrom(comment);
    } else {
      const heading = this.headings[this.headings.length - 1];
      const headingNamesStep = heading && this.bodySteps.length === 0 && sectionKindOf(heading.text) === null;
      title = headingNamesStep ? titleFrom(heading.text) : runTitle(code);
    }
    text.push(markdown);
    return this.addStep(newDraft({ title, origin, text }));
  }

  private setCommand(step: StepDraft, command: string, language: string): void {
    step.command = command;
    step.language = language;
    step.isShell = true;
    if (step.origin === 'note' || step.origin === 'item') step.origin = 'command';
    const use = interactiveUse(command);
    if (use) step.issues.push({ text: command, question: interactiveQuestion(use.kind, use.what) });
  }

  /** Output samples and the like: part of the step they illustrate. */
  private attachSample(markdown: string, intro: StepDraft | null): void {
    if (intro) {
      intro.text.push(markdown);
      this.previous = intro;
      return;
    }
    this.releaseHeldNote();
    this.addNote(markdown);
  }

  // ── rollback ────────────────────────────────────────────────────────────────────────

  private rollbackFrom(pieces: Piece[], markdown: string): void {
    this.releaseHeldNote();
    const code = pieces.find((p): p is Extract<Piece, { kind: 'code' }> => p.kind === 'code');
    if (code) this.rollbackCommand(code.value, markdown);
    else {
      const target = this.lastCommandStep();
      if (target) target.text.push(markdown);
      else this.addNote(markdown);
      this.awaitingRollback = target !== null;
    }
  }

  private rollbackCommand(command: string, markdown: string): void {
    const target = this.lastCommandStep();
    if (!target) {
      this.addNote(markdown);
      return;
    }
    target.rollback = target.rollback ? `${target.rollback}\n${command}` : command;
    target.text.push(markdown);
    this.previous = target;
  }

  /** The step a rollback line undoes: the last one with a command, in this section. */
  private lastCommandStep(): StepDraft | null {
    for (let i = this.steps.length - 1; i >= 0; i--) {
      const step = this.steps[i]!;
      if (step.section !== this.section) return null;
      if (step.command) return step;
    }
    return null;
  }

  // ── prerequisites and variables ─────────────────────────────────────────────────────

  private takePrerequisite(sentence: Sentence): boolean {
    if (!isPrerequisiteSentence(plainText(sentence))) return false;
    this.addPrerequisite(sentence);
    return true;
  }

  private addPrerequisite(sentence: Sentence): void {
    const text = titleFrom(plainText(sentence));
    if (text === '') return;
    const command = commandsIn(sentence)[0] ?? null;
    this.prerequisites.push({ text, kind: prerequisiteKind(text), command });
  }

  private prerequisiteItem(item: ListItem): void {
    for (const child of item.children) {
      if (child.type === 'paragraph') {
        const pieces = piecesOf(child.children);
        const text = titleFrom(plainText(pieces));
        if (text)
          this.prerequisites.push({ text, kind: prerequisiteKind(text), command: commandsIn(pieces)[0] ?? null });
      } else if (child.type === 'code') {
        this.code(child, null);
      } else if (child.type === 'list') {
        for (const nested of child.children) this.prerequisiteItem(nested);
      }
    }
  }

  /** "`$NAMESPACE`: namespace of the failing pod" or "NAMESPACE — …" in a Variables section. */
  private defineVariablesFrom(pieces: Piece[]): void {
    const name = variableToken(pieces);
    if (!name) return;
    const first = pieces.findIndex((p) => p.kind === 'code' || (p.kind === 'text' && p.value.trim() !== ''));
    const rest = plainText(pieces.slice(first + 1));
    const head = pieces[first];
    // A bare name shares its text piece with the description: cut the name off.
    const description = head?.kind === 'text' ? `${head.value.replace(/^\s*[\w-]+\s*/, '')} ${rest}` : rest;
    this.define(name, { description: description.replace(/^[\s:—–-]+/, '').trim() || null, default: null });
  }

  private defineFromAssignments(block: ShellBlock): void {
    for (const { name, value } of block.assignments) {
      // NODE_NAME='<value of instance label from alert>' describes; NAMESPACE=kube-etcd defaults.
      const described = /^<([^<>]+)>$/.exec(value.trim());
      this.define(
        name,
        described ? { description: described[1]!.trim(), default: null } : { description: null, default: value },
      );
    }
  }

  private define(name: string, definition: VariableDefinition): void {
    const known = this.definitions.get(name);
    this.definitions.set(name, {
      description: known?.description ?? definition.description,
      default: known?.default ?? definition.default,
    });
  }
}
