import type { SyntaxNode } from './parser.js';
import { type Finding, mapSpan, type ScriptScope } from './scope.js';

/**
 * Shell expansions that run text as code (decision 0021):
 * - `${x@P}` expands x's value as a prompt string, running the `$(…)` in it;
 * - `"${x='`cmd`'}"`: inside double quotes the single quotes are literal, so the backticks run;
 * - arithmetic (`$((x))`, `((x))`, `[[ x -eq 1 ]]`, `let`, `declare -i`, array subscripts)
 *   evaluates a variable's value as an expression, and `a[$(cmd)]` in that value runs cmd.
 * Each is unknown, and the code the scanner can see in it is classified too.
 */
export function evaluatedTextFindings(root: SyntaxNode, scope: ScriptScope): Finding[] {
  const text = scope.text;
  if (!text.includes('$(') && !text.includes('`') && !text.includes('@P')) return [];
  const findings: Finding[] = [];
  const codeLike: SyntaxNode[] = [];
  const runs: SyntaxNode[] = [];
  let evaluates = false;
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'expansion' && isPromptExpansion(node)) {
      findings.push(
        finding(
          scope,
          node,
          'shell.prompt-expansion',
          `${node.text} expands a value as a prompt string, which runs the commands in it.`,
        ),
      );
      evaluates = true;
    }
    if (node.type === 'expansion' && node.namedChildren.some((c) => c.type === 'raw_string' && holdsCode(c.text))) {
      findings.push(
        finding(
          scope,
          node,
          'shell.expansion-code',
          `${node.text} holds command text that runs when the word is double-quoted.`,
        ),
      );
      runs.push(...node.namedChildren.filter((c) => c.type === 'raw_string'));
    }
    if (isArithmeticContext(node)) evaluates = true;
    if ((node.type === 'raw_string' || node.type === 'ansi_c_string') && holdsCode(node.text)) codeLike.push(node);
    for (const child of node.children) stack.push(child);
  }
  if (evaluates && codeLike.length > 0) {
    runs.push(...codeLike);
    findings.push(
      finding(
        scope,
        codeLike[0]!,
        'shell.re-evaluated-text',
        'Quoted text that looks like a command substitution may be evaluated again (arithmetic or prompt expansion runs it).',
      ),
    );
  }
  for (const node of new Set(runs)) findings.push(...scanSubstitutions(node, scope));
  return findings;
}

function isPromptExpansion(node: SyntaxNode): boolean {
  const ops = node.children.filter((c) => c.fieldName === 'operator').map((c) => c.text);
  return ops.includes('@') && ops.includes('P');
}

function holdsCode(text: string): boolean {
  return text.includes('$(') || text.includes('`');
}

const ARITHMETIC_COMMANDS = /^(let|declare|typeset|local)\b/;

function isArithmeticContext(node: SyntaxNode): boolean {
  switch (node.type) {
    case 'arithmetic_expansion':
    case 'subscript':
    case 'test_operator':
      return true;
    case 'compound_statement':
      return node.text.startsWith('((');
    case 'command':
    case 'declaration_command':
      return ARITHMETIC_COMMANDS.test(node.text) && (node.text.startsWith('let') || /\s-\w*i/.test(node.text));
    default:
      return false;
  }
}

/** The `$(…)`/backtick bodies inside literal text, classified as the script they would be. */
function scanSubstitutions(node: SyntaxNode, scope: ScriptScope): Finding[] {
  const inner = node.text.replace(/^\$?'|'$/g, '');
  const bodies = [...inner.matchAll(/\$\(([^()]*)\)|`([^`]*)`/g)].map((m) => m[1] ?? m[2] ?? '');
  const script = bodies.filter((b) => b.trim() !== '').join('\n');
  if (script === '') return [];
  return scope.state.recurse.walkScript(
    scope.state,
    { text: script, offsetBase: null, fallbackSpan: mapSpan(scope, node.startIndex, node.endIndex) },
    scope.depth + 1,
  );
}

function finding(scope: ScriptScope, node: SyntaxNode, ruleId: string, message: string): Finding {
  return {
    level: 'unknown',
    ruleId,
    message,
    segment: node.text,
    span: mapSpan(scope, node.startIndex, node.endIndex),
    target: null,
  };
}
