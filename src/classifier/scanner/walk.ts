import type { ScriptSource } from '../rules/rule.js';
import type { Span } from '../types.js';
import { spend } from './budget.js';
import { classifyInvocation } from './classify-invocation.js';
import { envAssignmentFindings } from './env-assignments.js';
import { evaluatedTextFindings } from './evaluated-text.js';
import { hiddenTextFindings } from './hidden-text.js';
import { type EnvAssignment, type Invocation, type Stdin, TERMINAL } from './invocation.js';
import { parseBash, type SyntaxNode } from './parser.js';
import { analyseRedirectedBody, analyseStatement, heredocContinuation, type ProducedText } from './producer.js';
import { programNameOf } from './program-name.js';
import { classifyRedirect, stdinFromRedirect } from './redirects.js';
import { resolveWord } from './resolve-word.js';
import { type Finding, mapOffset, mapSpan, type ScanState, type ScriptScope } from './scope.js';
import { firstSkippedText, misplacedCaseTerminator } from './skipped-text.js';
import { collectIteratedVariables, collectStaticVariables } from './static-variables.js';

const CONTAINERS_OF_STATEMENTS = new Set([
  'program',
  'list',
  'compound_statement',
  'subshell',
  'do_group',
  'if_statement',
  'elif_clause',
  'else_clause',
  'while_statement',
  'for_statement',
  'c_style_for_statement',
  'case_statement',
  'case_item',
  'negated_command',
  'ERROR',
]);

/**
 * Walks a whole script and returns one or more findings per command segment, plus parse,
 * depth and budget findings. Nested scripts (`bash -c`, heredocs fed to shells) come back
 * here through the rule context with depth + 1.
 */
export function walkScript(state: ScanState, source: ScriptSource, depth: number): Finding[] {
  const limit = limitFinding(state, source, depth);
  if (limit) return [limit];
  // Spending fails once any budget is out; scanCommand reports which one, once.
  if (depth > 0 && !spend(state.budget, 'nesting', 1)) return [];
  if (!spend(state.budget, 'bytes', source.text.length)) return [];
  const hidden = source.offsetBase === null ? hiddenTextFindings(source.text, source, true) : [];
  const root = parseBash(source.text);
  const scope: ScriptScope = {
    state,
    text: source.text,
    depth,
    offsetBase: source.offsetBase,
    fallbackSpan: source.fallbackSpan,
    fanOut: source.fanOut ?? false,
    variables: new Map(),
    iterated: new Set(),
    functions: new Map(source.functions ?? []),
    functionStack: [...(source.functionStack ?? [])],
  };
  const withVariables: ScriptScope = {
    ...scope,
    variables: collectStaticVariables(root, scope),
    iterated: collectIteratedVariables(root),
  };
  const walker = new Walker(withVariables);
  walker.visit(root, source.stdin ?? TERMINAL);
  walker.out.push(...evaluatedTextFindings(root, withVariables));
  if (root.hasError) walker.out.push(parseErrorFinding(root, withVariables));
  else {
    const skipped =
      firstSkippedText(root, source.text) ?? (/;;|;&/.test(source.text) ? misplacedCaseTerminator(root) : null);
    if (skipped) {
      walker.out.push({
        level: 'unknown',
        ruleId: 'parse.skipped-text',
        message: 'Part of the command was not understood by the parser, so what runs cannot be proven.',
        segment: source.text.slice(skipped.start, skipped.end),
        span: mapSpan(withVariables, skipped.start, skipped.end),
        target: null,
      });
    }
  }
  walker.out.push(...hidden);
  // `r\<newline>m`: bash joins the word, tree-sitter splits it. Read it the way bash does too.
  if (/[^\s\\]\\\n\S/.test(source.text)) {
    walker.out.push(
      ...walkScript(
        state,
        { text: source.text.replace(/\\\n/g, ''), offsetBase: null, fallbackSpan: source.fallbackSpan },
        depth + 1,
      ),
    );
  }
  if (walker.out.length === 0) {
    walker.out.push({
      level: 'unknown',
      ruleId: 'input.empty',
      message: 'There is no command here to classify.',
      segment: source.text,
      span: source.fallbackSpan,
      target: null,
    });
  }
  return walker.out;
}

function limitFinding(state: ScanState, source: ScriptSource, depth: number): Finding | null {
  if (depth > state.maxDepth) {
    return {
      level: 'unknown',
      ruleId: 'limit.depth',
      message: `Nested more than ${state.maxDepth} levels deep; the scanner stops looking here.`,
      segment: source.text,
      span: source.fallbackSpan,
      target: null,
    };
  }
  return null;
}

function parseErrorFinding(root: SyntaxNode, scope: ScriptScope): Finding {
  const error = firstErrorNode(root) ?? root;
  // An ERROR node often wraps good commands before the token that broke; point at its end.
  const bad = error.type === 'ERROR' && error.children.length > 0 ? error.children[error.children.length - 1]! : error;
  const end = Math.max(bad.endIndex, bad.startIndex + 1);
  const start = Math.min(bad.startIndex, scope.text.length - 1);
  const span = mapSpan(scope, Math.max(0, start), Math.min(end, scope.text.length));
  return {
    level: 'unknown',
    ruleId: 'parse.error',
    message: 'The shell syntax does not parse here, so what runs cannot be known.',
    segment: scope.text.slice(Math.max(0, start), Math.min(end, scope.text.length)) || scope.text,
    span,
    target: null,
  };
}

function firstErrorNode(node: SyntaxNode): SyntaxNode | null {
  if (node.type === 'ERROR' || node.isMissing) return node;
  for (const child of node.children) {
    if (child.hasError || child.isMissing || child.type === 'ERROR') {
      const found = firstErrorNode(child);
      if (found) return found;
    }
  }
  return null;
}

class Walker {
  readonly out: Finding[] = [];

  constructor(private readonly scope: ScriptScope) {}

  visit(node: SyntaxNode, stdin: Stdin): void {
    if (!spend(this.scope.state.budget, 'nodes', 1)) return;
    switch (node.type) {
      case 'command':
        this.visitCommand(node, stdin, [], []);
        return;
      case 'redirected_statement':
        this.visitRedirected(node, stdin);
        return;
      case 'pipeline':
        this.visitPipeline(node.namedChildren, stdin, null);
        return;
      case 'function_definition':
        this.visitFunction(node);
        return;
      case 'variable_assignment':
      case 'declaration_command':
        this.visitAssignment(node);
        return;
      case 'test_command':
        this.out.push(this.shellFinding(node, 'shell.test', 'Evaluates a test expression.'));
        this.visitNested(node);
        return;
      case 'unset_command':
        this.out.push(this.shellFinding(node, 'shell.unset', 'Unsets shell variables.'));
        return;
      case 'comment':
      case 'heredoc_start':
      case 'heredoc_end':
        return;
      default:
        if (CONTAINERS_OF_STATEMENTS.has(node.type)) {
          for (const child of node.namedChildren) this.visit(child, stdin);
          return;
        }
        // Words, tests, expansions, arithmetic: only the commands nested inside them matter.
        this.visitNested(node);
    }
  }

  /** Finds commands inside substitutions, expansions and heredoc bodies. */
  private visitNested(node: SyntaxNode): void {
    if (!spend(this.scope.state.budget, 'nodes', 1)) return;
    for (const child of node.namedChildren) {
      if (child.type === 'command_substitution' || child.type === 'process_substitution') {
        // `>(cmd)` reads what the outer command writes: its input is unseen.
        const stdin: Stdin = child.text.startsWith('>(')
          ? { kind: 'command', origin: 'unknown', span: mapSpan(this.scope, child.startIndex, child.endIndex) }
          : TERMINAL;
        for (const inner of child.namedChildren) {
          // `$(< file)` is bash's shorthand for `$(cat file)`.
          if (inner.type === 'file_redirect') {
            const finding = classifyRedirect(inner, this.scope, child.text);
            this.out.push(
              finding ?? this.shellFinding(child, 'shell.read-file', 'Reads a file into the command line.'),
            );
          } else {
            this.visit(inner, stdin);
          }
        }
      } else if (child.namedChildCount > 0) {
        this.visitNested(child);
      }
    }
  }

  private visitPipeline(elements: SyntaxNode[], stdin: Stdin, upstream: ProducedText | null): void {
    let current = stdin;
    let produced = upstream ?? producedFromStdin(stdin);
    for (const element of elements) {
      if (element.type === 'comment') continue;
      this.visit(element, current);
      produced = analyseStatement(element, this.scope, produced);
      current = stdinFromProduced(produced, element, this.scope);
    }
  }

  private visitRedirected(node: SyntaxNode, stdin: Stdin): void {
    const body = node.childForFieldName('body');
    const redirects = node.childrenForFieldName('redirect');
    if (body?.type === 'command') {
      this.visitCommand(body, stdin, redirects, []);
    } else {
      const ownStdin = redirects.reduce<Stdin>((acc, r) => stdinFromRedirect(r, this.scope) ?? acc, stdin);
      if (body) this.visit(body, ownStdin);
      // A redirect on a compound statement or on nothing (`> file`) is its own segment.
      for (const redirect of redirects) {
        const finding = classifyRedirect(redirect, this.scope, body ? node.text : redirect.text);
        if (finding) this.out.push(finding);
      }
      if (!body && redirects.every((r) => classifyRedirect(r, this.scope, r.text) === null)) {
        this.out.push(this.shellFinding(node, 'shell.redirect-only', 'Only opens a file for reading.'));
      }
    }
    for (const redirect of redirects) this.visitRedirectInternals(redirect);
    // `cmd <<EOF | next` and `cmd <<EOF && next`: the rest of the line lives inside the heredoc node.
    const heredoc = heredocContinuation(node);
    if (heredoc) {
      for (const child of heredoc.namedChildren) {
        if (child.type === 'pipeline') {
          const produced = analyseRedirectedBody(node, this.scope, producedFromStdin(stdin));
          this.visitPipeline(child.namedChildren, stdinFromProduced(produced, node, this.scope), produced);
        } else if (child.type !== 'heredoc_body' && child.type !== 'heredoc_start' && child.type !== 'heredoc_end') {
          this.visit(child, TERMINAL);
        }
      }
    }
  }

  private visitRedirectInternals(redirect: SyntaxNode): void {
    if (redirect.type !== 'heredoc_redirect') {
      this.visitNested(redirect);
      return;
    }
    // Unquoted heredoc bodies expand $(…) before the command runs.
    const body = redirect.namedChildren.find((c) => c.type === 'heredoc_body');
    if (body) this.visitNested(body);
  }

  private visitFunction(node: SyntaxNode): void {
    const name = node.childForFieldName('name')?.text ?? '';
    const body = node.childForFieldName('body');
    if (body) {
      this.scope.functions.set(name, {
        text: body.text,
        offsetBase: mapOffset(this.scope, body.startIndex),
        span: mapSpan(this.scope, body.startIndex, body.endIndex),
      });
    }
    this.out.push(this.shellFinding(node, 'shell.function-definition', `Defines the shell function ${name}.`));
    if (!body) return;
    this.scope.functionStack.push(name);
    this.visit(body, TERMINAL);
    this.scope.functionStack.pop();
  }

  private visitAssignment(node: SyntaxNode): void {
    if (node.type === 'declaration_command' && isVariableListing(node)) {
      this.out.push({
        ...this.shellFinding(
          node,
          'secret.environment',
          'Prints every shell variable; tokens and passwords often live there.',
        ),
        level: 'caution',
      });
      return;
    }
    const assignments =
      node.type === 'variable_assignment' ? [node] : node.namedChildren.filter((c) => c.type === 'variable_assignment');
    const env: EnvAssignment[] = assignments.map((a) => ({
      name: a.childForFieldName('name')?.text ?? '',
      value: a.childForFieldName('value') ? resolveWord(a.childForFieldName('value')!, this.scope) : null,
      span: mapSpan(this.scope, a.startIndex, a.endIndex),
    }));
    const scope = this.scope;
    if (env.some((a) => a.name === 'IFS')) {
      this.out.push({
        ...this.shellFinding(
          node,
          'shell.ifs-assignment',
          'Changes IFS, so later words split differently from how they read.',
        ),
        level: 'caution',
      });
    }
    const risky = envAssignmentFindings(env, mapSpan(scope, node.startIndex, node.endIndex), (text, span) =>
      scope.state.recurse.walkScript(scope.state, { text, offsetBase: null, fallbackSpan: span }, scope.depth + 1),
    );
    this.out.push(...risky);
    if (risky.length === 0) {
      this.out.push(this.shellFinding(node, 'shell.assignment', 'Sets a shell variable.'));
    }
    this.visitNested(node);
  }

  private visitCommand(node: SyntaxNode, stdin: Stdin, outerRedirects: SyntaxNode[], extraArgs: SyntaxNode[]): void {
    const nameNode = node.childForFieldName('name');
    const redirects = [...outerRedirects, ...node.childrenForFieldName('redirect')];
    const argNodes = [...argumentNodes(node), ...extraArgs, ...redirects.flatMap(extraDestinations)];
    argNodes.sort((a, b) => a.startIndex - b.startIndex);

    let ownStdin = stdin;
    for (const redirect of redirects) ownStdin = stdinFromRedirect(redirect, this.scope) ?? ownStdin;

    if (nameNode) {
      const envPrefix: EnvAssignment[] = node.namedChildren
        .filter((c) => c.type === 'variable_assignment')
        .map((a) => ({
          name: a.childForFieldName('name')?.text ?? '',
          value: a.childForFieldName('value') ? resolveWord(a.childForFieldName('value')!, this.scope) : null,
          span: mapSpan(this.scope, a.startIndex, a.endIndex),
        }));
      const nameWord = resolveWord(nameNode, this.scope);
      const inv: Invocation = {
        name: nameWord.value === null ? '' : programNameOf(nameWord.value).name,
        nameWord,
        args: argNodes.map((a) => resolveWord(a, this.scope)),
        text: node.text,
        span: mapSpan(this.scope, node.startIndex, node.endIndex),
        stdin: ownStdin,
        fanOut: this.scope.fanOut,
        envPrefix,
      };
      this.out.push(...classifyInvocation(inv, this.scope));
    }
    for (const redirect of redirects) {
      const finding = classifyRedirect(redirect, this.scope, redirect.text);
      if (finding) this.out.push(finding);
    }
    // Substitutions anywhere in the command run first, whatever the command is.
    this.visitNested(node);
  }

  private shellFinding(node: SyntaxNode, ruleId: string, message: string): Finding {
    return {
      level: 'safe',
      ruleId,
      message,
      segment: node.text,
      span: mapSpan(this.scope, node.startIndex, node.endIndex),
      target: null,
    };
  }
}

/** `export`, `declare -p`, `readonly` with no names: prints variables and their values. */
function isVariableListing(node: SyntaxNode): boolean {
  const named = node.namedChildren.filter((c) => c.type !== 'comment');
  return named.every((c) => c.type === 'word' && /^-[a-zA-Z]*$/.test(c.text) && !/[fF]/.test(c.text));
}

/** Arguments of a command, joining `$"…"` (a `$` token then a string) into one word. */
function argumentNodes(node: SyntaxNode): SyntaxNode[] {
  const args = node.childrenForFieldName('argument');
  return args.filter((arg, i) => !(arg.type === '$' && args[i + 1]?.startIndex === arg.endIndex));
}

/** tree-sitter-bash files words after `>f` under the redirect (`echo a >f b`); bash passes them as arguments. */
function extraDestinations(redirect: SyntaxNode): SyntaxNode[] {
  if (redirect.type !== 'file_redirect') return [];
  return redirect.childrenForFieldName('destination').slice(1);
}

function producedFromStdin(stdin: Stdin): ProducedText | null {
  if (stdin.kind === 'text') return { text: stdin.text, origin: stdin.origin };
  if (stdin.kind === 'command') return { text: null, origin: stdin.origin };
  if (stdin.kind === 'file') return { text: null, origin: 'local' };
  return null;
}

function stdinFromProduced(produced: ProducedText, element: SyntaxNode, scope: ScriptScope): Stdin {
  const span: Span = mapSpan(scope, element.startIndex, element.endIndex);
  if (produced.text !== null)
    return { kind: 'text', text: produced.text, offsetBase: null, span, origin: produced.origin };
  return { kind: 'command', origin: produced.origin, span };
}
