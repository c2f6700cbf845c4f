import type { Code, Heading, List, ListItem, Paragraph, Root, RootContent, Table } from 'mdast';
import type { DropReason, Prerequisite } from '../types.js';
import { interactiveQuestion } from './ambiguities.js';
import { CodeReader } from './code-reader.js';
import { DefinitionsReader, dropMessage, type VariableDefinition } from './definitions.js';
import { type DraftDrop, type HeadingInfo, newDraft, type StepDraft, type StepOrigin } from './draft.js';
import { forkMarker, headingForkMarker } from './forks.js';
import {
  isInstruction,
  isOtherwise,
  isPlaceholder,
  isReference,
  isRollbackLine,
  splitConditional,
  stepReference,
} from './instructions.js';
import { hasCode, hasInlineCommand, isRollbackItem, mostlyInstructions } from './list-items.js';
import type { ProseNames } from './placeholders.js';
import { isNumberedStepHeading, isSummarySection, sectionKindOf } from './sections.js';
import {
  commandsIn,
  firstSentenceOf,
  groupSentences,
  introducingSentence,
  orSeparatedCommands,
  rollbackIn,
  runCommandsIn,
  type SentenceGroup,
  splitTrailingIntro,
} from './sentences.js';
import { exitBlockCount, proseExits, sessionLine } from './sessions.js';
import { interactiveUse } from './shell/interactive.js';
import { baseTitle, StepSink } from './step-sink.js';
import {
  markdownText,
  type Piece,
  piecesOf,
  plainText,
  type Sentence,
  sourceOf,
  splitSentences,
  titleFrom,
} from './text.js';
import { findTitleHeading, findTitleLine, isBareIntro, runTitle } from './titles.js';
import type { SectionKind } from './vocabulary.js';
import { isAdmonition, strongerWarning, warningIn } from './warnings.js';

export type { VariableDefinition } from './definitions.js';

export interface BuiltRunbook {
  steps: StepDraft[];
  prerequisites: Prerequisite[];
  definitions: Map<string, VariableDefinition>;
  summary: string | null;
  titleHeading: string | null;
  dropped: DraftDrop[];
  headings: HeadingInfo[];
  proseNames: ProseNames;
}

/** A prose paragraph held back one block: it may turn out to introduce code. */
export interface HeldNote {
  markdown: string;
  sentences: Sentence[];
  /** The title its code takes, when it is not the introducing sentence ("Shrink the journal (4.14 and later)"). */
  title?: string;
}

/**
 * Walks the Markdown tree once, in order, and turns it into step drafts. Sections decide
 * how prose is read: Meaning/Impact is context, Prerequisites become prerequisites,
 * Diagnosis/Mitigation/Steps (and unnamed sections) yield steps. Every command met goes
 * into a step, a prerequisite, a variable definition or the dropped list.
 */
export function buildSteps(tree: Root, markdown: string): BuiltRunbook {
  return new StepBuilder(markdown).build(tree);
}

export class StepBuilder {
  readonly sink = new StepSink();
  readonly defs = new DefinitionsReader();
  private summary: string | null = null;
  private titleHeading: string | null = null;
  heldNote: HeldNote | null = null;
  /** The step the block just read made: code right after an instruction is its command. */
  previous: StepDraft | null = null;
  awaitingRollback = false;
  /** "Leave the toolbox:" waits to see whether an `exit` block follows it. */
  exitIntro = 0;
  /** Shell sessions opened so far: an `exit` with none open is noise, not a way out. */
  sessionsOpened = 0;
  lastWasCode = false;
  private lists = 0;
  private readonly code: CodeReader;

  constructor(readonly markdown: string) {
    this.code = new CodeReader(this);
  }

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
    this.releaseExitIntro();
    this.sink.closeUnit();
    return {
      steps: this.sink.steps,
      prerequisites: this.defs.finish(),
      definitions: this.defs.definitions,
      summary: this.summary,
      titleHeading: this.titleHeading,
      dropped: this.sink.dropped,
      headings: this.sink.headingInfos,
      proseNames: this.defs.proseNames,
    };
  }

  get kind(): SectionKind {
    return this.sink.kind;
  }

  // ── blocks ──────────────────────────────────────────────────────────────────────────

  private visit(node: RootContent): void {
    if (node.type !== 'code') {
      this.releaseExitIntro();
      this.defs.intro = null;
    }
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
        this.code.read(node, null);
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
    this.lastWasCode = node.type === 'code';
  }

  private openHeading(node: Heading): void {
    const pieces = piecesOf(node.children);
    const text = plainText(pieces);
    this.closeBody(node.depth);
    this.sink.flushWarningInto(this.sink.steps.at(-1) ?? null);
    const own = sectionKindOf(text);
    const parent = [...this.sink.headings].reverse().find((h) => h.depth < node.depth);
    const kind: SectionKind = own ?? (isNumberedStepHeading(text) ? 'action' : (parent?.kind ?? 'unknown'));
    this.headingIsCommand = isCommandHeading(pieces);
    const instruction =
      isNumberedStepHeading(text) || (own === null && (isInstruction(pieces) || this.headingIsCommand));
    this.sink.openHeading({ depth: node.depth, text, kind, instruction }, headingForkMarker(text));
    this.headingCommand = commandsIn(pieces)[0] ?? null;
    this.defs.readProse(text);
    this.previous = null;
  }

  private headingCommand: string | null = null;
  /** The heading is only a command (`` ## `sudo systemctl reload envoy` ``): its body explains it. */
  private headingIsCommand = false;

  /**
   * The end of a heading's own body. Prose with no step in an action section becomes one
   * step to read (unless a sub-heading follows, which it introduces); a heading that is
   * itself an instruction and has nothing under it becomes a step.
   */
  private closeBody(nextDepth: number | null): void {
    this.releaseHeldNote();
    const sink = this.sink;
    const current = sink.currentHeading;
    const opensChild = current !== undefined && nextDepth !== null && nextDepth > current.depth;
    const command = this.headingCommand;
    this.headingCommand = null;
    let commandUsed = false;
    if (sink.bodySteps.length === 0 && current && !opensChild) {
      if (current.instruction && (current.kind === 'action' || current.kind === 'unknown')) {
        const step = this.addStep(newDraft({ title: titleFrom(current.text), origin: 'heading' }));
        if (command) this.setCommand(step, command, 'bash');
        commandUsed = command !== null;
      } else if (sink.pendingNotes.length > 0 && current.kind === 'action') {
        const first = sink.pendingNotes[0]!;
        this.addStep(newDraft({ title: titleFrom(firstSentenceOf(first)), origin: 'note' }));
      }
    } else if (command && !opensChild && this.headingIsCommand) {
      // The steps under a command heading say when and why to run it: the first without a command runs it.
      const step = sink.bodySteps.find((s) => s.command === null && !s.isShell && s.language === null);
      if (step) this.setCommand(step, command, 'bash');
      commandUsed = step !== undefined;
    }
    // Never lost without a word: a command in a heading that made no step is reported.
    if (command && !commandUsed) this.drop(command, 'not-an-instruction');
    this.headingIsCommand = false;
    if (!opensChild) sink.pendingNotes = [];
    sink.bodySteps = [];
    this.previous = null;
  }

  private paragraph(node: Paragraph): void {
    const pieces = piecesOf(node.children);
    const markdown = sourceOf(this.markdown, node);
    const text = plainText(pieces);
    if (text === '') return;
    this.defs.readProse(text);
    if (this.nonActionParagraph(pieces, text)) return;
    if (isRollbackLine(text)) {
      this.code.rollbackFrom(pieces, markdown);
      return;
    }
    const sentences = splitSentences(pieces);
    if (this.aside(pieces, sentences, markdown, text)) return;
    const container = `body:${this.sink.currentHeading?.id ?? 'top'}`;
    const { leading, groups } = groupSentences(sentences, (s) => this.defs.takePrerequisite(s));
    if (groups.length === 0) {
      if (leading.length > 0) {
        this.sink.startUnit(plainText(leading[0]!), container);
        this.heldNote = { markdown, sentences: leading };
      }
      if (this.sink.headings.length === 0 && this.summary === null && leading.length > 0) this.summary = text;
      this.dropInline(leading.flat(), 'not-an-instruction');
      return;
    }
    this.sink.startUnit(plainText(leading[0] ?? groups[0]!.head), container);
    if (leading.length > 0) {
      this.sink.addNote(markdownText(leading.flat()));
      this.dropInline(leading.flat(), 'not-an-instruction');
    }
    const trailingIntro = splitTrailingIntro(groups[groups.length - 1]!);
    this.previous = this.stepsFromGroups(groups, container).at(-1) ?? null;
    if (trailingIntro.length > 0) this.holdTrailingIntro(trailingIntro, container);
  }

  /** Context, prerequisites and variables sections: prose that makes no step. */
  private nonActionParagraph(pieces: ReturnType<typeof piecesOf>, text: string): boolean {
    switch (this.kind) {
      case 'context':
        if (this.summary === null && isSummarySection(this.sink.currentHeading?.text ?? '')) this.summary = text;
        this.dropInline(pieces, 'context-section');
        this.previous = null;
        return true;
      case 'prerequisites':
        for (const sentence of splitSentences(pieces)) this.defs.addPrerequisite(sentence);
        this.previous = null;
        return true;
      case 'variables':
        this.defs.variableLine(pieces);
        this.dropInline(pieces.slice(1), 'variables-section');
        return true;
      default:
        return false;
    }
  }

  /**
   * Asides that are not steps: a warning (it guards the next step), a NOTE, and "Leave the
   * toolbox" (it closes the session, which `exit` lines under it may say again).
   */
  private aside(pieces: ReturnType<typeof piecesOf>, sentences: Sentence[], markdown: string, text: string): boolean {
    const warning = warningIn(text);
    const first = sentences[0];
    const instruction = first !== undefined && isInstruction(first) && !isAdmonition(text);
    if (warning && !instruction) {
      this.sink.warnNext(warning, markdown);
      this.dropInline(pieces, 'not-an-instruction');
      this.previous = null;
      return true;
    }
    if (isAdmonition(text)) {
      this.sink.addNote(markdown);
      this.dropInline(pieces, 'not-an-instruction');
      this.previous = null;
      return true;
    }
    const exits = proseExits(text);
    if (exits > 0 && commandsIn(pieces).length === 0) {
      this.exitIntro = exits;
      this.previous = null;
      return true;
    }
    return false;
  }

  /** Steps from a paragraph's instruction groups; "Alternatively, …" in a later group forks. */
  private stepsFromGroups(groups: SentenceGroup[], container: string): StepDraft[] {
    const made: StepDraft[] = [];
    groups.forEach((group, index) => {
      const marker = index > 0 ? forkMarker(plainText(group.head)) : null;
      if (marker) this.sink.forkWithinUnit(marker, made, container);
      made.push(...this.stepsFromSentences(group, null));
    });
    return made;
  }

  /** "Shrink the journal. For OpenShift 4.13 and earlier:": the code below is that option of the step. */
  private holdTrailingIntro(trailing: Sentence[], container: string): void {
    const marker = forkMarker(plainText(trailing[0]!));
    const step = this.previous;
    if (marker && step && !step.command && !step.language) {
      this.sink.markFork(step, this.sink.forkWithinUnit(marker, [], container));
      step.title = withLabel(step.title, marker.label, marker.kind);
      return;
    }
    // "… If monitoring is enabled, the following metric can be watched:" introduces the code below.
    this.heldNote = { markdown: markdownText(trailing.flat()), sentences: trailing };
  }

  private list(node: List): void {
    switch (this.kind) {
      case 'context':
        this.releaseHeldNote();
        this.dropAllIn(node, 'context-section');
        this.previous = null;
        return;
      case 'prerequisites':
        this.releaseHeldNote();
        for (const item of node.children) this.defs.item(item, (code) => this.code.read(code, null));
        return;
      case 'variables':
        for (const item of node.children) {
          const first = item.children[0];
          if (first?.type !== 'paragraph') continue;
          const pieces = piecesOf(first.children);
          this.defs.variableLine(pieces);
          this.dropInline(pieces.slice(1), 'variables-section');
        }
        return;
      default:
        break;
    }
    const itemised = node.ordered === true || node.children.some(hasCode) || mostlyInstructions(node.children);
    if (!itemised) {
      this.checklist(node);
      return;
    }
    this.releaseHeldNote();
    this.absorbIntroStep();
    const start = node.start ?? 1;
    const listId = ++this.lists;
    for (const [index, item] of node.children.entries()) {
      this.listItem(item, node.ordered ? start + index : null, listId);
    }
  }

  /** A checklist ("Other things to check:" + reasons) reads with the text above it. */
  private checklist(node: List): void {
    const listMarkdown = sourceOf(this.markdown, node);
    this.dropAllIn(node, 'not-an-instruction');
    if (this.heldNote) {
      const held = this.heldNote;
      this.heldNote = null;
      this.sink.addNote(`${held.markdown}\n\n${listMarkdown}`);
    } else if (this.previous) {
      this.previous.text.push(listMarkdown);
      this.previous.concrete = true;
    } else {
      this.sink.addNote(listMarkdown);
    }
  }

  /** "Run these checks:" over an itemised list says nothing the items do not: fold it in. */
  private absorbIntroStep(): void {
    const sink = this.sink;
    const intro = this.previous;
    if (!intro || intro.command || intro.language || intro.origin !== 'instruction') return;
    if (!intro.text.join(' ').trimEnd().endsWith(':') || sink.steps.at(-1) !== intro) return;
    sink.steps.pop();
    sink.bodySteps = sink.bodySteps.filter((s) => s !== intro);
    sink.pendingNotes.push(...intro.text);
    this.previous = null;
  }

  private listItem(item: ListItem, number: number | null, listId: number): void {
    const [first, ...rest] = item.children;
    let step: StepDraft | null = null;
    const container = `list:${listId}`;
    if (first?.type === 'paragraph') {
      const pieces = piecesOf(first.children);
      const text = plainText(pieces);
      this.defs.readProse(text);
      if (isRollbackLine(text)) {
        this.code.rollbackFrom(pieces, sourceOf(this.markdown, first));
        return;
      }
      const sentences = splitSentences(pieces);
      if (sentences.length === 1 && !hasCode(item) && this.defs.takePrerequisite(sentences[0]!)) return;
      this.sink.startUnit(plainText(sentences[0] ?? []), container);
      if (this.itemAside(pieces, text, rest)) return;
      if (sentences.length > 0) {
        step = this.stepsFromSentences({ head: sentences[0]!, rest: sentences.slice(1) }, number).at(-1) ?? null;
        this.forkInItemHead(step, sentences.slice(1));
      }
    } else this.sink.startUnit(null, container);
    this.previous = step;
    for (const child of first?.type === 'paragraph' ? rest : item.children) this.itemChild(child, number);
  }

  /**
   * "- Leave the pod with `exit`." or "- Leave the debug shell:" over a block of `exit`s: an
   * item that only leaves sessions is no step.
   */
  private itemAside(pieces: ReturnType<typeof piecesOf>, text: string, rest: ListItem['children']): boolean {
    const exits = proseExits(text);
    if (exits === 0 || commandsIn(pieces).length > 0) return false;
    const blocks = rest.filter((c): c is Code => c.type === 'code');
    if (blocks.length !== rest.length || blocks.some((c) => exitBlockCount(c.value) === 0)) return false;
    this.previous = null;
    if (blocks.length > 0) {
      for (const block of blocks) this.code.read(block, null);
      return true;
    }
    let written = 0;
    for (const p of pieces) {
      if (p.kind !== 'code' || sessionLine(p.value) !== 'exit') continue;
      this.drop(p.value.trim(), 'session-exit');
      written++;
    }
    this.sink.exits(Math.max(exits, written));
    return true;
  }

  private forkInItemHead(step: StepDraft | null, later: Sentence[]): void {
    if (!step) return;
    for (const sentence of later) {
      const marker = forkMarker(plainText(sentence));
      if (!marker || marker.kind === 'alternative') continue;
      this.sink.markFork(step, this.sink.forkWithinUnit(marker, [], `item:${step.unit}`));
      step.title = withLabel(step.title, marker.label, marker.kind);
      return;
    }
  }

  /** Later blocks of a list item belong to its step: code, a rollback line, sub-bullets. */
  private itemChild(child: ListItem['children'][number], number: number | null): void {
    const step = this.previous;
    switch (child.type) {
      case 'paragraph':
        this.itemParagraph(child, step);
        break;
      case 'code':
        this.code.read(child, step);
        return;
      case 'list':
        this.nestedList(child, step, number);
        break;
      case 'table':
        this.table(child);
        break;
      default:
        if (step) step.text.push(sourceOf(this.markdown, child));
    }
    this.lastWasCode = false;
  }

  private nestedList(child: List, step: StepDraft | null, number: number | null): void {
    const nestedRollback = child.children.every((i) => isRollbackItem(i));
    if (step && (nestedRollback || !(child.children.some(hasCode) || child.children.some(hasInlineCommand)))) {
      if (nestedRollback) for (const i of child.children) this.listItem(i, number, ++this.lists);
      else {
        step.text.push(sourceOf(this.markdown, child));
        step.concrete = true;
        this.dropAllIn(child, 'not-an-instruction');
      }
      this.previous = step;
      return;
    }
    this.list(child);
  }

  /** A later paragraph of a list item: a note, a warning, a fork, or the next instruction. */
  private itemParagraph(child: Paragraph, step: StepDraft | null): void {
    const pieces = piecesOf(child.children);
    const text = plainText(pieces);
    const markdown = sourceOf(this.markdown, child);
    this.defs.readProse(text);
    this.releaseExitIntro();
    if (isRollbackLine(text)) {
      this.code.rollbackFrom(pieces, markdown);
      return;
    }
    if (!step) {
      this.paragraph(child);
      return;
    }
    if (this.itemAsideParagraph(step, pieces, text, markdown)) return;
    const marker = forkMarker(text);
    if (marker) {
      this.itemFork(step, marker, pieces, markdown);
      return;
    }
    const sentences = splitSentences(pieces);
    const inline = runCommandsIn(pieces);
    if (step.command || step.language) {
      const { groups } = groupSentences(sentences, (s) => this.defs.takePrerequisite(s));
      if (groups.length > 0 && (inline.length > 0 || text.endsWith(':'))) {
        this.previous = groups.flatMap((g) => this.stepsFromSentences(g, null)).at(-1) ?? step;
        return;
      }
      if (text.endsWith(':')) {
        this.heldNote = { markdown, sentences };
        return;
      }
      step.text.push(markdown);
      if (inline.length === 0 && step.command && rollbackIn(pieces)) {
        this.attachInlineRollback(step, pieces); // "Undo with `kubectl uncordon …`." under the step
        return;
      }
      this.dropInline(pieces, 'not-an-instruction');
      if (pieces.some((p) => p.kind !== 'text')) step.concrete = true;
      return;
    }
    step.text.push(markdown);
    let target = step;
    inline.forEach((command, index) => {
      target = index === 0 ? step : this.addStep(newDraft({ title: step.title, origin: 'command', text: [] }));
      this.setCommand(target, command, 'bash');
    });
    this.attachInlineRollback(target, pieces);
    if (pieces.some((p) => p.kind !== 'text')) step.concrete = true;
  }

  private itemAsideParagraph(step: StepDraft, pieces: ReturnType<typeof piecesOf>, text: string, markdown: string) {
    const warning = warningIn(text);
    if (warning || isAdmonition(text)) {
      if (warning) step.warning = strongerWarning(step.warning, warning);
      step.text.push(markdown);
      this.dropInline(pieces, 'not-an-instruction');
      return true;
    }
    const exits = proseExits(text);
    if (exits > 0 && commandsIn(pieces).length === 0) {
      this.exitIntro = exits;
      return true;
    }
    return false;
  }

  /** "For OpenShift 4.14 and later:" or "Alternatively, …" inside an item: the next code is another option. */
  private itemFork(
    step: StepDraft,
    marker: ReturnType<typeof forkMarker> & object,
    pieces: ReturnType<typeof piecesOf>,
    markdown: string,
  ): void {
    this.sink.forkWithinUnit(marker, [...this.sink.unitStepList], `item:${step.unit}`);
    const sentences = splitSentences(pieces);
    const { groups } = groupSentences(sentences, () => false);
    if (commandsIn(pieces).length > 0 && groups.length > 0) {
      this.previous = groups.flatMap((g) => this.stepsFromSentences(g, null)).at(-1) ?? step;
      return;
    }
    const title =
      marker.kind === 'version' || marker.kind === 'platform'
        ? withLabel(baseTitle(step.title).replace(/ \([^)]*\)$/, ''), marker.label, marker.kind)
        : undefined;
    this.heldNote = { markdown, sentences, ...(title ? { title } : {}) };
  }

  private table(node: Table): void {
    const rows = node.children.slice(1);
    switch (this.kind) {
      case 'variables':
        for (const row of rows) {
          const [name, description] = row.children;
          if (!name) continue;
          const text = { kind: 'text' as const, value: ' — ' };
          this.defs.variableLine([
            ...piecesOf(name.children),
            text,
            ...(description ? piecesOf(description.children) : []),
          ]);
        }
        return;
      case 'context':
        for (const row of rows)
          for (const cell of row.children) this.dropInline(piecesOf(cell.children), 'context-section');
        return;
      case 'prerequisites':
        for (const row of rows) {
          const cells = row.children.map((c) => piecesOf(c.children));
          const text = titleFrom(plainText(cells[0] ?? []));
          if (text) this.defs.push(text, cells.flatMap((c) => commandsIn(c))[0] ?? null);
        }
        return;
      default:
        this.actionTable(node);
    }
  }

  /** A table of checks with their commands: a step per command, titled by its row. */
  private actionTable(node: Table): void {
    const markdown = sourceOf(this.markdown, node);
    const rows = node.children.slice(1).map((row) => row.children.map((c) => piecesOf(c.children)));
    const withCommands = rows.filter((cells) => cells.some((c) => commandsIn(c).length > 0));
    if (withCommands.length === 0) {
      if (this.previous) this.previous.text.push(markdown);
      else this.sink.addNote(markdown);
      return;
    }
    this.releaseHeldNote();
    this.sink.startUnit(null, `table:${++this.lists}`);
    this.sink.pendingNotes.push(markdown);
    for (const cells of withCommands) {
      const label = plainText(cells[0] ?? []);
      const ownWords = cells.map((c) => plainText(c)).join(' | ');
      for (const command of cells.flatMap((c) => commandsIn(c))) {
        const title = label && !label.includes(command) ? titleFrom(label) : runTitle(command);
        const step = this.addStep({ ...newDraft({ title, origin: 'command', concrete: true }), ownWords });
        this.setCommand(step, command, 'bash');
      }
    }
    this.previous = null;
  }

  // ── steps ───────────────────────────────────────────────────────────────────────────

  addStep(draft: StepDraft): StepDraft {
    return this.sink.addStep(draft);
  }

  releaseHeldNote(): void {
    if (!this.heldNote) return;
    const held = this.heldNote;
    this.heldNote = null;
    this.sink.addNote(held.markdown);
    this.previous = null;
  }

  releaseExitIntro(): void {
    if (this.exitIntro === 0) return;
    this.sink.exits(this.exitIntro);
    this.exitIntro = 0;
  }

  /** The instruction just above a code block, waiting for its command. */
  introStep(): StepDraft | null {
    if (this.heldNote) return null;
    const step = this.previous;
    if (step && !step.command && !step.language && this.sink.bodySteps.includes(step)) return step;
    return null;
  }

  /** One step per inline command; an instruction without one is still a step. */
  private stepsFromSentences(group: SentenceGroup, listNumber: number | null): StepDraft[] {
    const sentences = [group.head, ...group.rest];
    const pieces = sentences.flat();
    const headText = plainText(group.head);
    const commands = runCommandsIn(pieces);
    const origin: StepOrigin = isPlaceholder(group.head)
      ? 'placeholder'
      : isReference(group.head) && commands.length === 0
        ? 'reference'
        : isInstruction(group.head) || isOtherwise(group.head)
          ? 'instruction'
          : 'item';
    const heading = this.sink.currentHeading?.text;
    const baseTitle = origin === 'placeholder' && heading ? `${heading}: ${titleFrom(headText)}` : titleFrom(headText);
    const otherwise = isOtherwise(group.head);
    const conditional = otherwise ? null : splitConditional(headText);
    const text = sentences.map((s) => markdownText(s)).join(' ');
    const shared = {
      origin,
      // Inline code, a link, a #channel or @person: the step names what it is about.
      concrete: pieces.some((p) => p.kind !== 'text' || /(?:^|\s)[#@][a-z0-9][\w.-]*/i.test(p.value)),
      listNumber,
      conditional: conditional
        ? { condition: conditional.condition, target: stepReference(conditional.consequent) }
        : null,
      otherwise: otherwise ? { target: stepReference(markdownText(group.head)) } : null,
    };
    if (commands.length <= 1) {
      const step = this.addStep(newDraft({ ...shared, title: baseTitle, text: [text] }));
      if (commands[0]) this.setCommand(step, commands[0], 'bash');
      this.attachInlineRollback(step, pieces);
      return [step];
    }
    const steps = commands.map((command, index) => {
      const step = this.addStep(
        newDraft({ ...shared, title: baseTitle, text: [index === 0 ? text : `\`${command}\``] }),
      );
      this.setCommand(step, command, 'bash');
      return step;
    });
    const labels = orSeparatedCommands(pieces);
    if (labels) {
      this.sink.forkSteps(steps, labels);
      steps.forEach((step, i) => {
        step.title = titleFrom(labels[i] ?? step.title);
      });
    }
    return steps;
  }

  newCodeStep(code: string, comment: string | null, origin: StepOrigin, markdown: string): StepDraft {
    const held = this.heldNote;
    this.heldNote = null;
    let title: string | null = null;
    const text: string[] = [];
    if (held) {
      // The prose right above the code introduces it: its last sentence is the title.
      const introducing = plainText(introducingSentence(held.sentences));
      title = held.title ?? (isBareIntro(introducing) ? null : titleFrom(introducing));
      text.push(held.markdown);
    }
    text.push(markdown);
    return this.addStep(newDraft({ title: title ?? this.fallbackTitle(code, comment), origin, text }));
  }

  /** A title for code nobody introduced: its comment, the sub-heading naming the work, else "Run `cmd`". */
  fallbackTitle(code: string, comment: string | null): string {
    return comment ? titleFrom(comment) : (this.headingTitle() ?? runTitle(code));
  }

  /** A sub-heading that names the work ("### Flush the CDN cache") titles a step that has no sentence of its own. */
  private headingTitle(): string | null {
    const heading = this.sink.currentHeading;
    if (!heading || this.sink.bodySteps.length > 0 || sectionKindOf(heading.text) !== null) return null;
    return titleFrom(heading.text);
  }

  /** "(rollback: `cmd`)" in the step's own words undoes its command; without a command it is reported. */
  private attachInlineRollback(step: StepDraft, pieces: Piece[]): void {
    const rollback = rollbackIn(pieces);
    if (!rollback) return;
    if (step.command) step.rollback = step.rollback ? `${step.rollback}\n${rollback}` : rollback;
    else this.drop(rollback, 'rollback-without-step');
  }

  setCommand(step: StepDraft, command: string, language: string): void {
    step.command = command;
    step.language = language;
    step.isShell = true;
    if (step.origin === 'note' || step.origin === 'item') step.origin = 'command';
    const use = interactiveUse(command);
    if (use?.kind === 'session') this.sessionsOpened++;
    if (use?.kind === 'editor') step.issues.push({ text: command, question: interactiveQuestion(use.kind, use.what) });
  }

  // ── dropped commands ────────────────────────────────────────────────────────────────

  drop(text: string, reason: DropReason): void {
    this.sink.drop(text, reason, dropMessage(reason, this.sink.section));
  }

  /** `exit`, `\q` …: leaves the session opened above, or is noise when none was opened. */
  dropSession(command: string): void {
    const kind = sessionLine(command);
    if (kind === 'exit' && this.sessionsOpened > 0) {
      this.sink.exits(1);
      this.drop(command.trim(), 'session-exit');
    } else this.drop(command.trim(), 'session-noise');
  }

  dropInline(pieces: ReturnType<typeof piecesOf>, reason: DropReason): void {
    for (const command of commandsIn(pieces)) this.drop(command, reason);
  }

  /** Every command in a list (inline or in code), for a section that makes no steps. */
  private dropAllIn(node: List, reason: DropReason): void {
    for (const item of node.children) {
      for (const child of item.children) {
        if (child.type === 'paragraph') this.dropInline(piecesOf(child.children), reason);
        else if (child.type === 'code') this.code.dropBlock(child, reason);
        else if (child.type === 'list') this.dropAllIn(child, reason);
      }
    }
  }

  get section(): string | null {
    return this.sink.section;
  }
}

/** "Shrink the journal" + "OpenShift 4.14 and later" → "Shrink the journal (OpenShift 4.14 and later)". */
function withLabel(title: string, label: string, kind: string): string {
  if (kind !== 'version' && kind !== 'platform') return title;
  return title.toLowerCase().includes(label.toLowerCase()) ? title : `${title} (${label})`;
}

/** A heading that is a command and nothing else: `` ## `sudo systemctl reload envoy` ``. */
function isCommandHeading(pieces: Piece[]): boolean {
  const words = pieces.filter((p) => !(p.kind === 'text' && p.value.trim() === ''));
  return words.length === 1 && words[0]!.kind === 'code' && commandsIn(words).length === 1;
}
