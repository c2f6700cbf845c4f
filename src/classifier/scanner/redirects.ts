import type { Stdin } from './invocation.js';
import type { SyntaxNode } from './parser.js';
import { isSecretFile } from './paths.js';
import { heredocBodyText } from './producer.js';
import { resolveWord } from './resolve-word.js';
import { type Finding, mapOffset, mapSpan, type ScriptScope } from './scope.js';
import { classifyWrite } from './write-target.js';

/** The operator token of a redirect (`>`, `>>`, `&>`, `<`, `>&` …). */
function operatorOf(redirect: SyntaxNode): string {
  for (const child of redirect.children) if (!child.isNamed) return child.type;
  return '';
}

const WRITE_OPERATORS = new Set(['>', '>|', '&>', '<>']);
const APPEND_OPERATORS = new Set(['>>', '&>>']);

/**
 * A redirect that writes a file becomes a finding (at least caution; system paths and
 * devices are dangerous). Reads, fd duplication (`2>&1`) and `/dev/null` change nothing.
 */
export function classifyRedirect(redirect: SyntaxNode, scope: ScriptScope, segment: string): Finding | null {
  if (redirect.type !== 'file_redirect') return null;
  const op = operatorOf(redirect);
  const destination = redirect.childrenForFieldName('destination')[0];
  if (!destination) return null;
  if (op === '<') {
    const source = resolveWord(destination, scope).value;
    if (source === null || !isSecretFile(source)) return null;
    return {
      level: 'caution',
      ruleId: 'secret.file',
      message: `Reads ${source}, a credential file; its content may end up in the channel.`,
      segment,
      span: mapSpan(scope, redirect.startIndex, redirect.endIndex),
      target: source,
    };
  }
  let mode: 'overwrite' | 'append' | null = WRITE_OPERATORS.has(op)
    ? 'overwrite'
    : APPEND_OPERATORS.has(op)
      ? 'append'
      : null;
  if (op === '>&' || op === '<&') {
    // `>&2`, `2>&1`, `>&-` duplicate or close descriptors; `>& file` writes a file.
    if (op === '<&' || destination.type === 'number' || /^(\d+|-)$/.test(destination.text)) return null;
    mode = 'overwrite';
  }
  if (mode === null) return null;
  const word = resolveWord(destination, scope);
  const verdict = classifyWrite(word.value, mode, 'redirect');
  if (!verdict) return null;
  return {
    level: verdict.level,
    ruleId: verdict.ruleId,
    message: verdict.message,
    segment,
    span: mapSpan(scope, redirect.startIndex, redirect.endIndex),
    target: word.value ?? word.raw,
  };
}

/** The stdin a redirect gives its command: a heredoc/here-string's text, or a file. */
export function stdinFromRedirect(redirect: SyntaxNode, scope: ScriptScope): Stdin | null {
  if (redirect.type === 'heredoc_redirect') {
    const body = redirect.namedChildren.find((c) => c.type === 'heredoc_body');
    const span = mapSpan(scope, redirect.startIndex, redirect.endIndex);
    if (!body) return { kind: 'text', text: '', offsetBase: null, span, origin: 'local' };
    const text = heredocBodyText(body, redirect);
    const verbatim = text === body.text;
    return {
      kind: 'text',
      text,
      offsetBase: verbatim ? mapOffset(scope, body.startIndex) : null,
      span: mapSpan(scope, body.startIndex, body.endIndex),
      origin: 'local',
      expands: body.namedChildren.some((c) => c.type !== 'heredoc_content'),
    };
  }
  if (redirect.type === 'herestring_redirect') {
    const node = redirect.namedChildren[0];
    if (!node) return null;
    const word = resolveWord(node, scope);
    if (word.value === null) return { kind: 'command', origin: 'unknown', span: word.span };
    return { kind: 'text', text: `${word.value}\n`, offsetBase: word.valueOffset, span: word.span, origin: 'local' };
  }
  if (redirect.type === 'file_redirect' && (operatorOf(redirect) === '<' || operatorOf(redirect) === '<>')) {
    const fd = redirect.childForFieldName('descriptor')?.text;
    const destination = redirect.childrenForFieldName('destination')[0];
    if (destination && (fd === undefined || fd === '0')) return { kind: 'file', path: resolveWord(destination, scope) };
  }
  return null;
}
