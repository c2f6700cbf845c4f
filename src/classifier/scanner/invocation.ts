import type { Span } from '../types.js';
import type { SubstitutionOrigin, Word } from './word.js';

/** Where a command's standard input comes from. */
export type Stdin =
  | { kind: 'terminal' }
  /** A heredoc, here-string or static producer (`echo …|`): the text is known. */
  | {
      kind: 'text';
      text: string;
      offsetBase: number | null;
      span: Span;
      origin: SubstitutionOrigin;
      /** An unquoted heredoc with `$VAR`/`$(…)` inside: the text shown is not the text sent. */
      expands?: boolean;
    }
  /** `< file`: content unseen. */
  | { kind: 'file'; path: Word }
  /** Output of another command whose text is not known statically. */
  | { kind: 'command'; origin: SubstitutionOrigin; span: Span };

export const TERMINAL: Stdin = { kind: 'terminal' };

export interface EnvAssignment {
  name: string;
  value: Word | null;
  span: Span;
}

/** One simple command, resolved: the unit every rule classifies. */
export interface Invocation {
  /** Program name rules are keyed by (quoting removed, standard bin dirs stripped). */
  name: string;
  nameWord: Word;
  args: Word[];
  /** The command as written (in its own script). */
  text: string;
  /** Where the command sits in the original text. */
  span: Span;
  stdin: Stdin;
  /** Its arguments arrive at run time in bulk (xargs, find -exec): one verb, many targets. */
  fanOut: boolean;
  envPrefix: EnvAssignment[];
}
