import type { DropReason, StepWarning } from '../types.js';
import type { DraftDrop, ForkMark, HeadingInfo, StepDraft } from './draft.js';
import { continuesOption, type ForkMarker, forkMarker } from './forks.js';
import type { SectionKind } from './vocabulary.js';
import { strongerWarning } from './warnings.js';

export interface OpenHeading {
  id: string;
  depth: number;
  text: string;
  kind: SectionKind;
  instruction: boolean;
  /** The option this heading is among its siblings ("### Option B: …"), if any. */
  fork: ForkMark | null;
}

interface Scope {
  container: string;
  options: number;
}

/**
 * Where the reader puts what it finds: steps in document order, with the headings, fork
 * options, warnings and session exits that apply to each, and the commands it dropped.
 * Reading units (a list item; a paragraph with the code it introduces) are the pieces
 * "Alternatively …" and version forks choose between.
 */
export class StepSink {
  readonly steps: StepDraft[] = [];
  readonly dropped: DraftDrop[] = [];
  readonly headingInfos: HeadingInfo[] = [];
  readonly headings: OpenHeading[] = [];
  /** Steps made under the current heading (not counting sub-headings). */
  bodySteps: StepDraft[] = [];
  /** Notes waiting for the next step in this section. */
  pendingNotes: string[] = [];

  private pendingWarning: StepWarning | null = null;
  private pendingExits = 0;
  private unit = 0;
  private unitSteps: StepDraft[] = [];
  private lastUnitSteps: StepDraft[] = [];
  private unitHead: { marker: ForkMarker | null; continues: boolean; container: string } | null = null;
  private paragraphFork: ForkMark | null = null;
  private readonly scopes = new Map<string, Scope>();
  private readonly headingScopes = new Map<string, string>();

  get kind(): SectionKind {
    return this.headings.at(-1)?.kind ?? 'unknown';
  }

  get section(): string | null {
    return this.headings[0]?.text ?? null;
  }

  get currentHeading(): OpenHeading | undefined {
    return this.headings.at(-1);
  }

  // ── headings ────────────────────────────────────────────────────────────────────────

  openHeading(fields: Omit<OpenHeading, 'id' | 'fork'>, marker: ForkMarker | null): void {
    while ((this.headings.at(-1)?.depth ?? 0) >= fields.depth) this.headings.pop();
    const parent = this.headings.at(-1);
    const id = `h${this.headingInfos.length + 1}`;
    this.headingInfos.push({ id, text: fields.text, depth: fields.depth, parentId: parent?.id ?? null });
    const siblings = `${parent?.id ?? 'root'}:${fields.depth}`;
    let fork: ForkMark | null = null;
    if (marker) {
      let scope = this.headingScopes.get(siblings);
      if (!scope) {
        scope = this.newScope(siblings);
        this.headingScopes.set(siblings, scope);
      }
      fork = { scope, option: this.nextOption(scope), label: marker.label, kind: marker.kind };
    } else this.headingScopes.delete(siblings);
    this.headings.push({ ...fields, id, fork });
    this.startUnit(null, `heading:${id}`);
    this.paragraphFork = null;
  }

  /** A warning left at the end of a section guards the step it follows. */
  flushWarningInto(step: StepDraft | null): void {
    if (this.pendingWarning && step) step.warning = strongerWarning(step.warning, this.pendingWarning);
    this.pendingWarning = null;
  }

  // ── units and forks ─────────────────────────────────────────────────────────────────

  /** A list item or a paragraph begins: what its first sentence says decides its fork. */
  startUnit(head: string | null, container: string): void {
    this.closeUnit();
    this.unit++;
    this.unitHead = {
      marker: head ? forkMarker(head) : null,
      continues: head !== null && continuesOption(head),
      container,
    };
  }

  /** Ends the current unit: steps of one unit with one title are numbered "(1 of 3)". */
  closeUnit(): void {
    numberAlike(this.unitSteps);
    if (this.unitSteps.length > 0) this.lastUnitSteps = this.unitSteps;
    this.unitSteps = [];
  }

  /**
   * A fork marker inside a unit ("For 4.14 and later:" in a list item, "Alternatively, …" as
   * a paragraph's second sentence): the steps made from here on are another option; the
   * unit's earlier steps are the first when they belong to no option of this container yet.
   */
  forkWithinUnit(marker: ForkMarker, earlier: readonly StepDraft[], container: string): ForkMark {
    const fork = this.forkFor(marker, container, earlier);
    this.paragraphFork = fork;
    if (this.unitHead) this.unitHead = { ...this.unitHead, marker: null, continues: true };
    return fork;
  }

  /** Puts a step made before its option was known (a list item's own step) into it. */
  markFork(step: StepDraft, fork: ForkMark): void {
    if (!step.forks.some((f) => f.scope === fork.scope)) step.forks.push(fork);
  }

  /** "Either `a` or `b`": the steps of one sentence are options of one choice. */
  forkSteps(steps: readonly StepDraft[], labels: readonly string[]): void {
    const scope = this.newScope(`or:${this.unit}`);
    steps.forEach((step, i) => {
      this.markFork(step, {
        scope,
        option: this.nextOption(scope),
        label: labels[i] ?? step.title,
        kind: 'alternative',
      });
    });
  }

  private forkFor(marker: ForkMarker, container: string, earlier: readonly StepDraft[]): ForkMark {
    const active = this.paragraphFork;
    if (active && this.scopes.get(active.scope)?.container === container) {
      return { scope: active.scope, option: this.nextOption(active.scope), label: marker.label, kind: marker.kind };
    }
    const scope = this.newScope(container);
    const heading = this.headings.at(-1)?.id;
    const first = earlier.filter(
      (s) => s.headingIds.at(-1) === heading && (s.command || s.language || s.origin === 'instruction'),
    );
    if (marker.kind === 'alternative' && first.length > 0) {
      const option = this.nextOption(scope);
      const label = baseTitle(first[0]!.title);
      for (const step of first) this.markFork(step, { scope, option, label, kind: 'alternative' });
    }
    return { scope, option: this.nextOption(scope), label: marker.label, kind: marker.kind };
  }

  private newScope(container: string): string {
    const scope = `f${this.scopes.size + 1}`;
    this.scopes.set(scope, { container, options: 0 });
    return scope;
  }

  private nextOption(scope: string): number {
    const entry = this.scopes.get(scope)!;
    return entry.options++;
  }

  /** The first step of a unit settles its fork: a marker opens or extends one, anything else ends it. */
  private settleUnitFork(): void {
    const head = this.unitHead;
    if (!head) return;
    this.unitHead = null;
    if (head.marker) {
      const previousContainer = this.paragraphFork ? this.scopes.get(this.paragraphFork.scope)?.container : null;
      if (previousContainer !== head.container) this.paragraphFork = null;
      this.paragraphFork = this.forkFor(head.marker, head.container, this.lastUnitSteps);
    } else if (!head.continues) this.paragraphFork = null;
  }

  // ── steps ───────────────────────────────────────────────────────────────────────────

  addStep(draft: StepDraft): StepDraft {
    if (this.unitSteps.length === 0) this.settleUnitFork();
    draft.section = this.section;
    draft.headingPath = this.headings.map((h) => h.text);
    draft.headingIds = this.headings.map((h) => h.id);
    draft.text = [...this.pendingNotes, ...draft.text];
    draft.unit = this.unit;
    draft.forks = [
      ...this.headings.flatMap((h) => (h.fork ? [h.fork] : [])),
      ...(this.paragraphFork ? [this.paragraphFork] : []),
    ];
    draft.warning = strongerWarning(draft.warning, this.pendingWarning);
    draft.exitsBefore = this.pendingExits;
    this.pendingWarning = null;
    this.pendingExits = 0;
    this.pendingNotes = [];
    this.steps.push(draft);
    this.bodySteps.push(draft);
    this.unitSteps.push(draft);
    return draft;
  }

  /** Prose with no step: it belongs to the last step under this heading, or the next one. */
  addNote(markdown: string): void {
    const last = this.bodySteps.at(-1);
    if (last) last.text.push(markdown);
    else this.pendingNotes.push(markdown);
  }

  /** A warning before the step it guards. */
  warnNext(warning: StepWarning, markdown: string): void {
    this.pendingWarning = strongerWarning(this.pendingWarning, warning);
    this.pendingNotes.push(markdown);
  }

  /** Sessions left before the next step (`exit`, "Leave the toolbox"). */
  exits(count: number): void {
    this.pendingExits += count;
  }

  drop(text: string, reason: DropReason, message: string): void {
    this.dropped.push({ text, reason, message, section: this.section, after: this.steps.at(-1) ?? null });
  }

  get unitStepList(): readonly StepDraft[] {
    return this.unitSteps;
  }
}

const NUMBERED = / \((?:\d+ of \d+|\d+)\)$/;

export function baseTitle(title: string): string {
  return title.replace(NUMBERED, '');
}

/** Steps that share a title within one unit get "(1 of 3)" … so each can be told apart. */
function numberAlike(steps: StepDraft[]): void {
  const groups = new Map<string, StepDraft[]>();
  for (const step of steps) {
    const base = baseTitle(step.title);
    groups.set(base, [...(groups.get(base) ?? []), step]);
  }
  for (const [base, group] of groups) {
    if (group.length < 2) continue;
    group.forEach((step, i) => {
      step.title = `${base} (${i + 1} of ${group.length})`;
    });
  }
}
