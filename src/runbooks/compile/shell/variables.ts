import type { VariableSyntax } from '../../types.js';
import { emptyProseNames, placeholderRefs } from '../placeholders.js';
import { ENVIRONMENT_VARIABLES } from '../vocabulary.js';
import { commandWords, descendants, parseShell, shellMemo } from './parser.js';

/**
 * Variables a command needs filled: `$VAR` and `${VAR}` where bash would expand them (not
 * in single quotes, so an awk `'{print $1}'` is no variable), plus the placeholders
 * (`<pod-name>`, `{{var}}`) that placeholders.ts reads anywhere in the text. Not counted: positional and special
 * parameters (`$1`, `$?`), `$(…)` substitutions themselves, environment variables the shell
 * already has (`$HOME`, `$PATH`, `$KUBECONFIG` … unless the runbook declares them), and names the command sets itself
 * (`for p in …`, `X=… ;`, `read x`).
 */
export interface VariableRef {
  name: string;
  syntax: VariableSyntax;
  /** `${VAR:-default}` */
  default: string | null;
}

const EXPANSIONS = new Set(['simple_expansion', 'expansion']);
const BINDINGS = new Set(['for_statement', 'variable_assignment', 'command']);

/** The expansions and placeholders of a command, placeholders named as their variables are (`<pod-name>` → `POD_NAME`). */
export function variablesInCommand(command: string, declared: ReadonlySet<string> = new Set()): VariableRef[] {
  const placeholders = placeholderRefs(command, emptyProseNames()).map((r) => ({
    name: r.name,
    syntax: r.syntax,
    default: null,
  }));
  return dedupe([...expansionsIn(command, declared), ...placeholders]);
}

/** Only the `$VAR` / `${VAR}` expansions bash would make. */
export function expansionsIn(command: string, declared: ReadonlySet<string> = new Set()): VariableRef[] {
  return allExpansions(command).filter((r) => !ENVIRONMENT_VARIABLES.has(r.name) || declared.has(r.name));
}

/** Per command text, like the parse itself: a command is asked for its variables several times. */
function allExpansions(command: string): VariableRef[] {
  const known = shellMemo(command).expansions;
  if (known) return known as VariableRef[];
  const root = parseShell(command);
  const bound = locallyBound(root);
  const refs: VariableRef[] = [];
  for (const node of descendants(root, EXPANSIONS)) {
    const nameNode = node.namedChildren.find((c) => c.type === 'variable_name');
    const name = nameNode?.text;
    if (!name || /^\d+$/.test(name) || bound.has(name)) continue;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
    const syntax: VariableSyntax = node.type === 'expansion' ? '${VAR}' : '$VAR';
    const fallback = node.type === 'expansion' ? (/^\$\{\w+:?-(.*)\}$/s.exec(node.text)?.[1] ?? null) : null;
    refs.push({ name, syntax, default: fallback });
  }
  const result = dedupe(refs);
  shellMemo(command).expansions = result;
  return result;
}

/** Names the command gives a value itself. */
function locallyBound(root: ReturnType<typeof parseShell>): Set<string> {
  const bound = new Set<string>();
  for (const node of descendants(root, BINDINGS)) {
    if (node.type === 'for_statement') {
      const variable = node.childForFieldName('variable');
      if (variable) bound.add(variable.text);
    } else if (node.type === 'variable_assignment') {
      const name = node.childForFieldName('name')?.text;
      if (name) bound.add(name);
    } else if (/^\s*read\b/.test(node.text)) {
      const words = commandWords(node);
      if (words[0] === 'read') for (const w of words.slice(1)) if (!w.startsWith('-')) bound.add(w);
    }
  }
  return bound;
}

function dedupe(refs: VariableRef[]): VariableRef[] {
  const seen = new Map<string, VariableRef>();
  for (const ref of refs) if (!seen.has(ref.name)) seen.set(ref.name, ref);
  return [...seen.values()];
}
