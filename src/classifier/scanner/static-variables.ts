import type { SyntaxNode } from './parser.js';
import { resolveWord } from './resolve-word.js';
import type { ScriptScope } from './scope.js';

/** Builtins that assign the variables named in their arguments. */
const ASSIGNING_BUILTINS = new Set(['read', 'mapfile', 'readarray', 'getopts', 'let', 'printf', 'unset']);

/**
 * Variables the scanner can treat as constants: assigned exactly once in the whole script,
 * by a top-level statement with a static value, and never touched by read/for/unset & co.
 * `X=rm; $X -rf /` then resolves, while anything conditional stays unknown.
 */
export function collectStaticVariables(
  root: SyntaxNode,
  scope: ScriptScope,
): Map<string, { value: string; after: number }> {
  const known = new Map<string, { value: string; after: number }>();
  if (!root.text.includes('=')) return known;
  const counts = new Map<string, number>();
  const bump = (name: string): void => {
    counts.set(name, (counts.get(name) ?? 0) + 1);
  };

  const nodes = root.descendantsOfType(['variable_assignment', 'for_statement', 'command']);
  const prefixes = new Set(nodes.filter((n) => n.type === 'command').flatMap((c) => c.namedChildren));
  for (const node of nodes) {
    if (node.type === 'variable_assignment') {
      const name = node.childForFieldName('name')?.text;
      // Another IFS splits every later unquoted expansion differently: resolve nothing.
      if (name === 'IFS' && !prefixes.has(node)) return new Map();
      if (name) bump(name);
    } else if (node.type === 'for_statement') {
      const name = node.childForFieldName('variable')?.text;
      if (name) bump(name);
    } else {
      const commandName = node.childForFieldName('name')?.text ?? '';
      if (ASSIGNING_BUILTINS.has(commandName)) {
        // Every word could name a variable (`read -r a b`); poison them all.
        for (const arg of node.childrenForFieldName('argument')) bump(arg.text.replace(/=.*$/, ''));
        bump(`${commandName}:any`);
      }
    }
  }

  for (const statement of root.namedChildren) {
    const assignment =
      statement.type === 'variable_assignment'
        ? statement
        : statement.type === 'declaration_command' && statement.namedChildCount === 1
          ? statement.namedChild(0)
          : null;
    if (assignment?.type !== 'variable_assignment') continue;
    const name = assignment.childForFieldName('name')?.text;
    const valueNode = assignment.childForFieldName('value');
    if (!name || counts.get(name) !== 1) continue;
    const value = valueNode ? resolveWord(valueNode, { ...scope, variables: known }).value : '';
    if (value !== null) known.set(name, { value, after: assignment.endIndex });
  }
  return known;
}

/**
 * Variables that take many values at run time: `for x in $(…)` over a list produced at run
 * time, and names filled by `read` in a loop. A command using one acts on a list, as with
 * xargs, so `$x` counts as a fan-out (see Word.hasSubstitution).
 */
export function collectIteratedVariables(root: SyntaxNode): Set<string> {
  const iterated = new Set<string>();
  const text = root.text;
  if (!text.includes('for') && !text.includes('read')) return iterated;
  for (const node of root.descendantsOfType(['for_statement', 'command'])) {
    if (node.type === 'for_statement') {
      const name = node.childForFieldName('variable')?.text;
      const values = node.childrenForFieldName('value');
      const runTime =
        values.length === 0 ||
        values.some(
          (v) =>
            (v.type !== 'word' && v.type !== 'number') ||
            /[*?[]/.test(v.text) ||
            v.descendantsOfType(['command_substitution', 'simple_expansion', 'expansion']).length > 0,
        );
      if (name && runTime) iterated.add(name);
    } else if (['read', 'mapfile', 'readarray'].includes(node.childForFieldName('name')?.text ?? '')) {
      for (const arg of node.childrenForFieldName('argument')) if (!arg.text.startsWith('-')) iterated.add(arg.text);
    }
  }
  return iterated;
}
