import type { ListItem } from 'mdast';
import type { DropReason, Prerequisite } from '../types.js';
import { addName, canonicalName, collectProseNames, emptyProseNames, type ProseNames } from './placeholders.js';
import { dedupePrerequisites, isPrerequisiteSentence, prerequisiteKind } from './prerequisites.js';
import { commandsIn } from './sentences.js';
import type { VariableAssignment } from './shell/split-block.js';
import { type Piece, piecesOf, plainText, type Sentence, titleFrom, variableToken } from './text.js';

/** A variable's meaning as the runbook body states it (assignment, Variables section). */
export interface VariableDefinition {
  description: string | null;
  default: string | null;
  /** The runbook gives it this value itself (`NAMESPACE=kube-etcd`): never asked. */
  setByRunbook: boolean;
  /** `export NAME=…`: meant for the programs that run after it, not only for `$NAME`. */
  exported: boolean;
}

/**
 * What the runbook says about its variables and preconditions, wherever it says it:
 * prerequisites (a section, or "Make sure you are on the VPN"), variable definitions
 * (assignments, a Variables section), and names its prose declares to be placeholders.
 */
export class DefinitionsReader {
  readonly prerequisites: Prerequisite[] = [];
  readonly definitions = new Map<string, VariableDefinition>();
  readonly proseNames: ProseNames = emptyProseNames();
  /** A prerequisite sentence ending in ":" waits for the command under it. */
  intro: Prerequisite | null = null;

  readProse(text: string): void {
    collectProseNames(text, this.proseNames);
  }

  /** A sentence outside a Prerequisites section that states a precondition is taken out of the steps. */
  takePrerequisite(sentence: Sentence): boolean {
    if (!isPrerequisiteSentence(plainText(sentence))) return false;
    this.addPrerequisite(sentence);
    return true;
  }

  addPrerequisite(sentence: Sentence): void {
    const text = titleFrom(plainText(sentence));
    if (text === '') return;
    const prerequisite = this.push(text, commandsIn(sentence)[0] ?? null);
    if (plainText(sentence).endsWith(':') && !prerequisite.command) this.intro = prerequisite;
  }

  push(text: string, command: string | null): Prerequisite {
    const prerequisite: Prerequisite = { text, kind: prerequisiteKind(text), command, implied: false, stepIds: [] };
    this.prerequisites.push(prerequisite);
    return prerequisite;
  }

  /** The command under "Make sure the toolbox is enabled:" is that prerequisite's. */
  takeIntroCommand(command: string): boolean {
    const intro = this.intro;
    this.intro = null;
    if (!intro || command === '') return false;
    intro.command = command;
    return true;
  }

  item(item: ListItem, onCode: (code: Extract<ListItem['children'][number], { type: 'code' }>) => void): void {
    for (const child of item.children) {
      if (child.type === 'paragraph') {
        const pieces = piecesOf(child.children);
        const text = titleFrom(plainText(pieces));
        this.readProse(text);
        if (text) this.push(text, commandsIn(pieces)[0] ?? null);
      } else if (child.type === 'code') onCode(child);
      else if (child.type === 'list') for (const nested of child.children) this.item(nested, onCode);
    }
  }

  /** "`$NAMESPACE`: namespace of the failing pod" or "NAMESPACE — …" in a Variables section. */
  variableLine(pieces: Piece[]): void {
    const token = variableToken(pieces);
    if (!token) return;
    // `<pod-name>` in a Variables section names the placeholder the commands call `${POD_NAME}`.
    const first = pieces.findIndex((p) => p.kind === 'code' || (p.kind === 'text' && p.value.trim() !== ''));
    const lead = pieces[first];
    const written = lead?.kind === 'code' ? lead.value.trim() : '';
    const name = /^(?:<|\{\{|\[)/.test(written) || !/^[A-Za-z_]\w*$/.test(token) ? canonicalName(token) : token;
    // A bare `OSD_ID` listed here is a placeholder the commands write bare too.
    if (!written.startsWith('$')) addName(/^[A-Z][A-Z0-9_]+$/.test(name) ? name : undefined, this.proseNames);
    const rest = plainText(pieces.slice(first + 1));
    const head = pieces[first];
    // A bare name shares its text piece with the description: cut the name off.
    const description = head?.kind === 'text' ? `${head.value.replace(/^\s*[\w-]+\s*/, '')} ${rest}` : rest;
    this.define(name, {
      description: description.replace(/^[\s:—–-]+/, '').trim() || null,
      default: null,
      setByRunbook: false,
      exported: false,
    });
  }

  /** NODE_NAME='<value of instance label from alert>' describes; NAMESPACE=kube-etcd sets. */
  assignments(assignments: readonly VariableAssignment[]): void {
    for (const { name, value, exported } of assignments) {
      const described = /^<([^<>]+)>$/.exec(value.trim());
      this.define(
        name,
        described
          ? { description: described[1]!.trim(), default: null, setByRunbook: false, exported }
          : { description: null, default: value, setByRunbook: true, exported },
      );
    }
  }

  define(name: string, definition: VariableDefinition): void {
    const known = this.definitions.get(name);
    this.definitions.set(name, {
      description: known?.description ?? definition.description,
      default: known?.default ?? definition.default,
      setByRunbook: known
        ? known.setByRunbook || (definition.setByRunbook && known.default === null)
        : definition.setByRunbook,
      exported: (known?.exported ?? false) || definition.exported,
    });
  }

  finish(): Prerequisite[] {
    return dedupePrerequisites(this.prerequisites);
  }
}

/** Why a command is in no step, as `lint` says it to the author. */
export function dropMessage(reason: DropReason, section: string | null): string {
  switch (reason) {
    case 'context-section':
      return `It is under "${section ?? 'the introduction'}", which is read as background, not as steps; move it under Diagnosis or Mitigation if it should be run.`;
    case 'not-an-instruction':
      return 'It is only mentioned, in a sentence that asks for nothing; write "Run `…`" or put it in a code block if it should be run.';
    case 'variables-section':
      return 'It is in the Variables section, which only describes variables; put it under a step if it should be run.';
    case 'rollback-without-step':
      return 'It is given as a rollback, but no command before it in this section is there to undo.';
    case 'session-exit':
      return 'It leaves the shell session opened above; the steps after it run outside that session.';
    case 'session-noise':
      return 'It only acts on an interactive terminal (or leaves a session that was never opened), so as a step it would do nothing.';
  }
}
