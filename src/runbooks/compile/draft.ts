import type { DropReason, StepWarning } from '../types.js';
import type { ForkKind } from './forks.js';
import type { StepReference } from './instructions.js';

/** How a step came to be; decides which ambiguities apply to it. */
export type StepOrigin =
  | 'instruction' // "Check …", "Restart …"
  | 'item' // a list item that is not phrased as an instruction
  | 'command' // a code block or inline command
  | 'query' // PromQL, SQL, YAML … to run or apply by hand
  | 'reference' // "See [doc](…)"
  | 'note' // prose in a Diagnosis/Mitigation section with no instruction in it
  | 'placeholder' // "TODO"
  | 'heading'; // "### Step 4: Page the database on-call" with no body

/** A step while the compiler is still reading; finalise() turns drafts into RunbookSteps. */
export interface StepDraft {
  title: string;
  text: string[];
  command: string | null;
  language: string | null;
  isShell: boolean;
  /** Non-shell code (a query, a manifest), for its placeholders. */
  code: string | null;
  section: string | null;
  headingPath: string[];
  rollback: string | null;
  origin: StepOrigin;
  /** It names something specific: a link, inline code, a checklist, a query. */
  concrete: boolean;
  /** The author's number for it in an ordered list ("step 3" refers to it). */
  listNumber: number | null;
  /** "If X, …": the condition, and the step it points to ("go to step 8") if any. */
  conditional: { condition: string; target: StepReference | null } | null;
  otherwise: { target: StepReference | null } | null;
  /** Ambiguities noticed while reading (an empty code block, an elided block …). */
  issues: Array<{ text: string; question: string }>;
  /** The reading unit (a list item, a paragraph and its code) it came from; "Alternatively" forks units. */
  unit: number;
  /** The options it belongs to, outermost first. */
  forks: ForkMark[];
  warning: StepWarning | null;
  /** Sessions left (`exit`, "Leave the toolbox") between the step before and this one. */
  exitsBefore: number;
  /** Ids of the headings it sits under, outermost first. */
  headingIds: string[];
  /** Its own words, when its text opens with more than its own (a table row under the whole table). */
  ownWords?: string;
}

/** One option of a fork: steps with the same scope are one choice, `option` numbers the options. */
export interface ForkMark {
  scope: string;
  option: number;
  label: string;
  kind: ForkKind;
}

/** A command the reader saw and made no step of. */
export interface DraftDrop {
  text: string;
  reason: DropReason;
  message: string;
  section: string | null;
  /** The last step made before it, null before any. */
  after: StepDraft | null;
}

/** A heading as the reader met it; groups are made from these. */
export interface HeadingInfo {
  id: string;
  text: string;
  depth: number;
  parentId: string | null;
}

export function newDraft(fields: Partial<StepDraft> & Pick<StepDraft, 'title' | 'origin'>): StepDraft {
  return {
    text: [],
    command: null,
    language: null,
    isShell: false,
    code: null,
    section: null,
    headingPath: [],
    rollback: null,
    concrete: false,
    listNumber: null,
    conditional: null,
    otherwise: null,
    issues: [],
    unit: 0,
    forks: [],
    warning: null,
    exitsBefore: 0,
    headingIds: [],
    ...fields,
  };
}
