import { decodeBackslashEscapes, unescapeDoubleQuoted, unescapeUnquoted } from './escapes.js';
import type { SyntaxNode } from './parser.js';
import { restorePlaceholders, SENTINEL } from './placeholders.js';
import { mapOffset, mapSpan, type ScriptScope } from './scope.js';
import type { SubstitutionOrigin, Word } from './word.js';

interface Parts {
  value: string | null;
  /** The value with unknown variables as placeholder sentinels; null when anything else is unknown. */
  template: string | null;
  verbatim: boolean;
  hasSubstitution: boolean;
  hasVariable: boolean;
  hasGlob: boolean;
  usesIfs: boolean;
  origins: SubstitutionOrigin[];
}

const GLOB_CHARS = /[*?[]/;
const BRACE_EXPANSION = /\{[^{}]*(,|\.\.)[^{}]*\}/;

/** Resolves an argument node (word, string, concatenation, expansion …) to a Word. */
export function resolveWord(node: SyntaxNode, scope: ScriptScope): Word {
  const parts = resolveParts(node, scope);
  const start = node.startIndex;
  if (scope.state.hasPlaceholders && SENTINEL.test(node.text)) return placeholderWord(node, scope, parts);
  return {
    raw: node.text,
    value: parts.value,
    span: mapSpan(scope, start, node.endIndex),
    valueOffset: parts.verbatim && parts.value !== null ? verbatimOffset(node, scope) : null,
    hasSubstitution: parts.hasSubstitution,
    hasVariable: parts.hasVariable,
    hasGlob: parts.hasGlob,
    usesIfs: parts.usesIfs,
    substitutionOrigins: parts.origins,
    template: parts.value === null && parts.template !== null ? parts.template : undefined,
  };
}

/** A word holding a runbook placeholder: its value is unknown until someone fills it in. */
function placeholderWord(node: SyntaxNode, scope: ScriptScope, parts: Parts): Word {
  return {
    raw: restorePlaceholders(node.text),
    value: null,
    span: mapSpan(scope, node.startIndex, node.endIndex),
    valueOffset: null,
    hasSubstitution: parts.hasSubstitution,
    hasVariable: true,
    hasGlob: parts.hasGlob,
    usesIfs: parts.usesIfs,
    substitutionOrigins: parts.origins,
    template: parts.template ?? undefined,
  };
}

function verbatimOffset(node: SyntaxNode, scope: ScriptScope): number | null {
  const quoted = node.type === 'raw_string' || node.type === 'string';
  return mapOffset(scope, node.startIndex + (quoted ? 1 : 0));
}

function plain(value: string | null, verbatim = false): Parts {
  return {
    value,
    template: value,
    verbatim,
    hasSubstitution: false,
    hasVariable: false,
    hasGlob: false,
    usesIfs: false,
    origins: [],
  };
}

function dynamic(overrides: Partial<Parts>): Parts {
  return { ...plain(null), template: null, hasVariable: true, ...overrides };
}

function resolveParts(node: SyntaxNode, scope: ScriptScope): Parts {
  switch (node.type) {
    case 'word':
    case 'command_name':
    case 'number':
    case 'variable_name':
    case 'file_descriptor':
    case 'special_variable_name':
      return resolveUnquoted(node, scope);
    case 'raw_string':
      return plain(node.text.slice(1, -1), true);
    case 'ansi_c_string':
      return plain(decodeBackslashEscapes(node.text.slice(2, -1)));
    case 'string':
      return resolveDoubleQuoted(node, scope);
    case 'translated_string': {
      const inner = node.namedChildren[0];
      return inner ? { ...resolveParts(inner, scope), verbatim: false } : plain('');
    }
    case 'concatenation':
      return concat(node.children.map((c) => (c.isNamed ? resolveParts(c, scope) : anonymousPart(c))));
    case 'simple_expansion':
    case 'expansion':
      return resolveExpansion(node, scope);
    case 'command_substitution':
    case 'process_substitution': {
      const result = scope.state.recurse.analyseSubstitution(node, scope);
      if (node.type === 'command_substitution' && result.text !== null) {
        // $(…) drops trailing newlines; an unquoted result would also be split, which callers re-scan.
        return { ...plain(result.text.replace(/\n+$/, '')), origins: [result.origin] };
      }
      return dynamic({ hasVariable: false, hasSubstitution: true, origins: [result.origin] });
    }
    case 'arithmetic_expansion':
      return dynamic({ hasVariable: containsExpansion(node) });
    case 'brace_expression':
      return { ...plain(node.text), hasGlob: true };
    default:
      // Anything the scanner does not model is a value known only at run time.
      return dynamic({});
  }
}

/** Unnamed tokens inside a word: `$` before "…" is a translated string's prefix and adds nothing. */
function anonymousPart(node: SyntaxNode): Parts {
  return node.text === '$' ? plain('') : plain(node.text);
}

function resolveUnquoted(node: SyntaxNode, scope: ScriptScope): Parts {
  // A command_name wraps the real word node; resolve that so quoting inside is honoured.
  if (node.type === 'command_name' && node.namedChildCount === 1) return resolveParts(node.namedChild(0)!, scope);
  const text = node.text;
  const value = unescapeUnquoted(text);
  const glob = GLOB_CHARS.test(text.replace(/\\./g, '')) || BRACE_EXPANSION.test(text);
  return { ...plain(value, value === text), hasGlob: glob };
}

function resolveDoubleQuoted(node: SyntaxNode, scope: ScriptScope): Parts {
  const pieces: Parts[] = [];
  let cursor = node.startIndex + 1;
  const end = node.endIndex - 1;
  for (const child of node.namedChildren) {
    if (child.startIndex > cursor) pieces.push(plainQuoted(scope.text.slice(cursor, child.startIndex)));
    pieces.push(child.type === 'string_content' ? plainQuoted(child.text) : resolveParts(child, scope));
    cursor = child.endIndex;
  }
  if (end > cursor) pieces.push(plainQuoted(scope.text.slice(cursor, end)));
  const joined = concat(pieces);
  // Quoted text never globs, even when an expansion inside it holds glob characters.
  return { ...joined, hasGlob: false };
}

function plainQuoted(text: string): Parts {
  const value = unescapeDoubleQuoted(text);
  return plain(value, value === text);
}

function concat(parts: Parts[]): Parts {
  let value: string | null = '';
  let verbatim = true;
  const out = plain('');
  let template: string | null = '';
  for (const p of parts) {
    if (value !== null) value = p.value === null ? null : value + p.value;
    if (template !== null) template = p.template === null ? null : template + p.template;
    verbatim &&= p.verbatim;
    out.hasSubstitution ||= p.hasSubstitution;
    out.hasVariable ||= p.hasVariable;
    out.hasGlob ||= p.hasGlob;
    out.usesIfs ||= p.usesIfs;
    out.origins.push(...p.origins);
  }
  // A concatenation of quoted and unquoted pieces is never a verbatim slice (quotes were removed).
  return { ...out, value, template, verbatim: verbatim && parts.length === 1 };
}

function resolveExpansion(node: SyntaxNode, scope: ScriptScope): Parts {
  const nameNode = node.namedChildren.find((c) => c.type === 'variable_name' || c.type === 'special_variable_name');
  const name = nameNode?.text ?? '';
  const usesIfs = name === 'IFS';
  const hasSubstitution = node.descendantsOfType(['command_substitution', 'process_substitution']).length > 0;
  // Only a bare $NAME / ${NAME} can be replaced by a known value; operators change the result.
  const bare = node.type === 'simple_expansion' || node.namedChildCount === 1;
  const known = bare ? scope.variables.get(name) : undefined;
  if (known && node.startIndex >= known.after) return { ...plain(known.value), usesIfs };
  const iterated = scope.iterated.has(name);
  const template = bare && name && !hasSubstitution && !iterated ? `\ue000$${name}\ue001` : null;
  return dynamic({ usesIfs, hasSubstitution: hasSubstitution || iterated, template });
}

function containsExpansion(node: SyntaxNode): boolean {
  return node.descendantsOfType(['simple_expansion', 'expansion', 'command_substitution']).length > 0;
}
