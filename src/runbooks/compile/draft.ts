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
    ...fields,
  };
}
