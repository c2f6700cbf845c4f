import { isCommandLine, isOutputLine, isShellFunctionStart, mayBeCommandLine } from './lines.js';
import {
  commandWords,
  descendants,
  firstCommand,
  isCompleteCommand,
  parseShell,
  type ShellNode,
  unquote,
} from './parser.js';
import { isRootSession, isUserPrompt, matchPrompt, stripContinuationPrompt } from './prompts.js';

/**
 * A shell code block → the commands in it. Prompts are stripped and the output under them
 * dropped; `\` continuations, heredocs and `do … done` stay one command; literal
 * `NAME=value` lines become variable definitions instead of steps.
 */
export interface BlockCommand {
  command: string;
  /** The comment line right above it (`# drain the node first`), a title hint. */
  comment: string | null;
}

export interface VariableAssignment {
  name: string;
  value: string;
  /** `export NAME=…`: meant for the programs run after it, not only for `$NAME`. */
  exported: boolean;
}

export interface ShellBlock {
  commands: BlockCommand[];
  assignments: VariableAssignment[];
  comments: string[];
  /** Lines that were output (or prose) and were not taken as commands. */
  droppedOutput: boolean;
  /** A `...` line stood for omitted lines. */
  elided: boolean;
  /**
   * Kept as one script because later lines depend on state set earlier (`cd`, `export`,
   * `X=$(…)`, functions); each step runs in its own process.
   */
  script: boolean;
}

interface RawStatement {
  text: string;
  comment: string | null;
}

const ELISION = /^(?:\.{3}|…|\[\.\.\.\]|\[…\]|<\.\.\.>)$/;

/**
 * `rootPrompts`: the block is untagged or a console, so `# cmd` lines may be a root
 * terminal's prompts; in a `bash` block they are commented-out commands.
 */
export function analyseShellBlock(content: string, options: { rootPrompts?: boolean } = {}): ShellBlock {
  const lines = content.replace(/\s+$/, '').split('\n');
  const prompted = lines.some(isUserPrompt) || (options.rootPrompts === true && isRootSession(lines));
  const result: ShellBlock = {
    commands: [],
    assignments: [],
    comments: [],
    droppedOutput: false,
    elided: false,
    script: false,
  };
  const statements = prompted ? readSession(lines, result) : readScript(lines, result);
  classifyStatements(statements, result);
  return result;
}

/** A pasted terminal session: prompt lines are commands, other lines are their output. */
function readSession(lines: string[], result: ShellBlock): RawStatement[] {
  const statements: RawStatement[] = [];
  let comment: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const prompt = matchPrompt(line);
    const isCommand =
      prompt !== null && prompt.command.trim() !== '' && (!prompt.root || isCommandLine(prompt.command));
    if (prompt && isCommand) {
      let text = prompt.command;
      while (!isCompleteCommand(text) && i + 1 < lines.length) {
        i++;
        text += `\n${stripContinuationPrompt(lines[i]!)}`;
      }
      statements.push({ text: text.trim(), comment: comment ?? trailingComment([text]) });
      comment = null;
      continue;
    }
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (trimmed.startsWith('#')) {
      comment = trimmed.replace(/^#+\s*/, '');
      result.comments.push(comment);
      continue;
    }
    result.droppedOutput = true; // output; a `...` here only shortens output
    comment = null;
  }
  return statements;
}

/** A script (no prompts): lines are commands unless they read as output. */
function readScript(lines: string[], result: ShellBlock): RawStatement[] {
  const statements: RawStatement[] = [];
  let current: string[] | null = null;
  let comment: string | null = null;
  let inOutput = false;
  const flush = () => {
    if (!current) return;
    statements.push({ text: dedent(current), comment: comment ?? trailingComment(current) });
    current = null;
    comment = null;
  };
  for (const line of lines) {
    if (current && !isCompleteCommand(current.join('\n'))) {
      current.push(line);
      continue;
    }
    if (current && isWrappedContinuation(current, line)) {
      current[current.length - 1] = `${current[current.length - 1]!.trimEnd()} ${line.trim()}`;
      continue;
    }
    flush();
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (trimmed.startsWith('#') && !trimmed.startsWith('#!')) {
      comment = trimmed.replace(/^#+\s*/, '');
      result.comments.push(comment);
      continue;
    }
    if (trimmed.startsWith('#!')) continue;
    if (ELISION.test(trimmed)) {
      result.elided = true;
      result.droppedOutput = true;
      inOutput = true;
      continue;
    }
    const command =
      isShellFunctionStart(trimmed) ||
      (inOutput ? isCommandLine(trimmed) : mayBeCommandLine(trimmed) && !isOutputLine(trimmed));
    if (command) {
      current = [line];
      inOutput = false;
    } else {
      result.droppedOutput = true;
      inOutput = true;
      comment = null;
    }
  }
  flush();
  return statements;
}

/**
 * `kubectl get csr | grep Pending   # list the pending requests`: the comment at the end of
 * a one-line command says what it does, as a comment above it would. The command keeps it.
 */
function trailingComment(lines: string[]): string | null {
  if (lines.length !== 1) return null;
  const match = /^(.*\S)\s+#\s+([^'"`#]+?)\s*$/.exec(lines[0]!.trim());
  if (!match) return null;
  const before = match[1]!;
  const balanced = (quote: string) => (before.split(quote).length - 1) % 2 === 0;
  return balanced("'") && balanced('"') ? match[2]! : null;
}

/**
 * A long command the author (or an editor) wrapped without `\`: the next line is an option
 * (`--timeout=300s`), an indented word that is no command, or the value an option at the
 * end of the line is waiting for. Joined into one line, as the author meant.
 */
function isWrappedContinuation(current: string[], line: string): boolean {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return false;
  if (/^--?[A-Za-z0-9]/.test(trimmed) && !/^-\d+\s/.test(trimmed)) return true;
  if (isCommandLine(trimmed) || isOutputLine(trimmed)) return false;
  const indent = (l: string) => l.length - l.trimStart().length;
  if (indent(line) > indent(current[0]!)) return true;
  return /\s-{1,2}[A-Za-z][\w-]*$/.test(current[current.length - 1]!) && !/\s/.test(trimmed);
}

const STATEFUL_COMMANDS = new Set([
  'cd',
  'pushd',
  'popd',
  'source',
  '.',
  'set',
  'shopt',
  'alias',
  'trap',
  'export',
  'declare',
  'local',
  'read',
]);

function classifyStatements(statements: RawStatement[], result: ShellBlock): void {
  const kept: RawStatement[] = [];
  let stateful = false;
  for (const statement of statements) {
    const root = parseShell(statement.text);
    const top = root.namedChildren.filter((n) => n.type !== 'comment');
    const only = top.length === 1 ? top[0]! : null;
    const literal = only ? literalAssignments(only, statement.text) : null;
    if (literal) {
      result.assignments.push(...literal);
      continue;
    }
    if (only && /^(?:variable_assignments?|declaration_command)$/.test(only.type)) stateful = true;
    if (descendants(root, new Set(['function_definition'])).length > 0) stateful = true;
    const first = firstCommand(root);
    const name = first ? (commandWords(first)[0] ?? '') : '';
    if (STATEFUL_COMMANDS.has(name)) stateful = true;
    kept.push(statement);
  }
  if (stateful && kept.length > 1) {
    result.script = true;
    const assignments = result.assignments.map((a) => `${a.name}=${quoteIfNeeded(a.value)}`);
    result.assignments = [];
    result.commands = [{ command: [...assignments, ...kept.map((s) => s.text)].join('\n'), comment: kept[0]!.comment }];
    return;
  }
  result.commands = kept.map((s) => ({ command: s.text, comment: s.comment }));
}

/**
 * `NAME=value`, `A=1 B=2` or `export NAME='value'` with no `$` or `$(…)` inside: definitions.
 * Values are read from the original text (the tree saw placeholders masked; offsets match).
 */
function literalAssignments(node: ShellNode, original: string): VariableAssignment[] | null {
  const exported = node.type === 'declaration_command' && node.text.startsWith('export');
  let nodes: ShellNode[];
  if (node.type === 'variable_assignment') nodes = [node];
  else if (node.type === 'variable_assignments' || exported) {
    nodes = node.namedChildren;
    if (nodes.length === 0 || nodes.some((c) => c.type !== 'variable_assignment' && !(exported && c.type === 'word')))
      return null;
    nodes = nodes.filter((c) => c.type === 'variable_assignment');
    if (nodes.length === 0) return null;
  } else return null;
  const out: VariableAssignment[] = [];
  for (const assignment of nodes) {
    const name = assignment.childForFieldName('name')?.text;
    const value = assignment.childForFieldName('value');
    if (!name) return null;
    if (value && descendants(value, EXPANDING).length > 0) return null;
    const raw = value ? original.slice(value.startIndex, value.endIndex) : '';
    out.push({ name, value: unquote(raw.trim()), exported });
  }
  return out;
}

const EXPANDING = new Set(['command_substitution', 'simple_expansion', 'expansion']);

function quoteIfNeeded(value: string): string {
  return /^[\w./:-]*$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

function dedent(lines: string[]): string {
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return lines
    .map((l) => l.slice(Number.isFinite(indent) ? indent : 0))
    .join('\n')
    .trim();
}
