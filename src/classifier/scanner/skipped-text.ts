import type { SyntaxNode } from './parser.js';

/** Nodes whose children together must cover their text, apart from blanks. */
const COVERED = new Set([
  'program',
  'list',
  'pipeline',
  'redirected_statement',
  'command',
  'subshell',
  'compound_statement',
  'do_group',
  'if_statement',
  'elif_clause',
  'else_clause',
  'while_statement',
  'for_statement',
  'case_statement',
  'case_item',
  'function_definition',
  'negated_command',
  'declaration_command',
  'file_redirect',
  'herestring_redirect',
  'command_substitution',
  'process_substitution',
]);

/** Whether source[from, to) holds only blanks and backslash-newlines (no slice, no regex: this runs per child). */
function blank(source: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = source.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12) continue;
    if (c === 92 && source.charCodeAt(i + 1) === 10 && i + 1 < to) {
      i++;
      continue;
    }
    return false;
  }
  return true;
}

/**
 * tree-sitter-bash occasionally drops a token without an ERROR node (a lone `-` before a
 * heredoc is one case). Text inside a statement that no child covers was not parsed, so
 * nothing can be proven about it: returns the first such gap.
 */
export function firstSkippedText(root: SyntaxNode, source: string): { start: number; end: number } | null {
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (COVERED.has(node.type) && node.children.length > 0) {
      let cursor = node.type === 'program' ? 0 : node.startIndex;
      for (const child of node.children) {
        if (child.startIndex > cursor && !blank(source, cursor, child.startIndex))
          return { start: cursor, end: child.startIndex };
        cursor = Math.max(cursor, child.endIndex);
      }
      const end = node.type === 'program' ? source.length : node.endIndex;
      if (end > cursor && !blank(source, cursor, end)) return { start: cursor, end };
    }
    for (const child of node.children) stack.push(child);
  }
  return null;
}

/** Tokens bash accepts only inside a `case` item; tree-sitter-bash also takes them as separators (decision 0026). */
const CASE_ONLY = new Set([';;', ';&', ';;&']);

/** The first `;;` (or `;&`, `;;&`) outside a case item: bash rejects it, so nothing can be proven. */
export function misplacedCaseTerminator(root: SyntaxNode): { start: number; end: number } | null {
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const child of node.children) {
      if (!child.isNamed && CASE_ONLY.has(child.type) && node.type !== 'case_item' && node.type !== 'case_statement')
        return { start: child.startIndex, end: child.endIndex };
      if (child.children.length > 0) stack.push(child);
    }
  }
  return null;
}
