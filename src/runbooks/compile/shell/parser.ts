import Parser from 'tree-sitter';
import Bash from 'tree-sitter-bash';

/**
 * tree-sitter-bash, for the questions prose heuristics cannot answer safely: is this line
 * a complete command or does it continue (open quote, `\`, heredoc, `do` … `done`)? Which
 * `$VAR`s are real expansions and which sit in single quotes (an awk `$1`)?
 */
export type ShellNode = Parser.SyntaxNode;

let parser: Parser | null = null;

function shellParser(): Parser {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(Bash as unknown as Parser.Language);
  }
  return parser;
}

/**
 * `<pod-name>` placeholders read as redirections to bash; they are masked with a word of
 * the same length first, so the tree still lines up with the text.
 */
export function maskPlaceholders(command: string): string {
  return command.replace(/<([A-Za-z][^<>\n]*)>/g, (m) => `P${'x'.repeat(m.length - 1)}`);
}

/**
 * One command is asked several questions (complete? variables? interactive?); parsing it
 * once is the difference between a few milliseconds and ten for a long runbook.
 */
const cache = new Map<string, ShellNode>();
const CACHE_SIZE = 512;

/** For measurements that must not profit from an earlier compile of the same text. */
export function clearShellParseCache(): void {
  cache.clear();
  memos.clear();
}

/**
 * Answers derived from one command's tree (its variables …), kept as long as its parse:
 * the same command is asked again by later passes of the same compile.
 */
export function shellMemo(command: string): Record<string, unknown> {
  let memo = memos.get(command);
  if (!memo) {
    if (memos.size >= CACHE_SIZE) memos.delete(memos.keys().next().value as string);
    memo = {};
    memos.set(command, memo);
  }
  return memo;
}

const memos = new Map<string, Record<string, unknown>>();

export function parseShell(command: string): ShellNode {
  const hit = cache.get(command);
  if (hit) return hit;
  const root = shellParser().parse(maskPlaceholders(command)).rootNode;
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(command, root);
  return root;
}

/** False while the text so far is an unfinished command: the next line belongs to it. */
export function isCompleteCommand(command: string): boolean {
  return !parseShell(command).hasError && !hasOpenHeredoc(command);
}

/**
 * tree-sitter accepts `cat <<EOF > file` on its own as complete; the body and the closing
 * `EOF` line still belong to it.
 */
function hasOpenHeredoc(command: string): boolean {
  const lines = command.split('\n');
  for (let i = 0; i < lines.length; i++) {
    for (const m of lines[i]!.matchAll(/(?<!<)<<(-?)\s*(['"]?)([A-Za-z_][\w-]*)\2/g)) {
      const strip = m[1] === '-';
      const closed = lines.slice(i + 1).some((l) => (strip ? l.replace(/^\t+/, '') : l).trim() === m[3]);
      if (!closed) return true;
    }
  }
  return false;
}

/**
 * Every descendant of the given types (the node itself included), in document order, not
 * entering `skip` types. The native `descendantsOfType` does the walk: reading children
 * one by one through the binding costs more than the parse itself.
 */
export function descendants(
  node: ShellNode,
  types: ReadonlySet<string>,
  skip: ReadonlySet<string> = EMPTY,
): ShellNode[] {
  const found = node.descendantsOfType([...types]);
  const out = found[0]?.id === node.id || !types.has(node.type) ? found : [node, ...found];
  if (skip.size === 0) return out;
  return out.filter((n) => !insideSkipped(n, node, skip));
}

const EMPTY: ReadonlySet<string> = new Set();

/** Whether a node sits inside a `skip` type below `root`. */
function insideSkipped(node: ShellNode, root: ShellNode, skip: ReadonlySet<string>): boolean {
  for (let p = node.parent; p && p.id !== root.id; p = p.parent) if (skip.has(p.type)) return true;
  return false;
}

/** The first simple command, outside any `$(…)`: the thing a line actually runs. */
export function firstCommand(root: ShellNode): ShellNode | null {
  for (const command of root.descendantsOfType('command')) {
    if (!insideSkipped(command, root, SUBSTITUTIONS)) return command;
  }
  return null;
}

const SUBSTITUTIONS: ReadonlySet<string> = new Set(['command_substitution', 'process_substitution']);

/** The words of a simple command, unquoted: name first. */
export function commandWords(command: ShellNode): string[] {
  const words: string[] = [];
  for (const child of command.namedChildren) {
    if (child.type === 'variable_assignment' || child.type === 'file_redirect' || child.type === 'herestring_redirect')
      continue;
    words.push(unquote(child.text));
  }
  return words;
}

export function unquote(word: string): string {
  if (
    word.length >= 2 &&
    ((word.startsWith("'") && word.endsWith("'")) || (word.startsWith('"') && word.endsWith('"')))
  ) {
    return word.slice(1, -1);
  }
  return word;
}
