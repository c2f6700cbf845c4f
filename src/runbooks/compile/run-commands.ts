import type { DeclaredVariable, RunbookMetadata, RunbookVariable, VariableSyntax } from '../types.js';
import type { VariableDefinition } from './definitions.js';
import type { StepDraft } from './draft.js';
import { canonicalName, type ProseNames, placeholderRefs, rewritePlaceholders } from './placeholders.js';
import { parseShell } from './shell/parser.js';
import { expansionsIn } from './shell/variables.js';

/**
 * Variables, and the command each step hands the scanner and the engine. Placeholders
 * become `${NAME}`; a variable the runbook sets itself (`NAMESPACE=kube-etcd`, `export
 * POD=$(oc get …)`) is never asked: its assignment is put in front of every later command
 * that uses it, since each step runs in a process of its own.
 */
export interface UsedVariable {
  name: string;
  syntax: VariableSyntax;
  written: string;
  default: string | null;
}

export interface StepVariables {
  runCommand: string | null;
  runRollback: string | null;
  /** Variables the command, rollback or query uses, in order of first use. */
  refs: UsedVariable[];
}

export interface PreparedVariables {
  steps: StepVariables[];
  variables: RunbookVariable[];
  /** `export KUBECONFIG=…` that no step reads as `$KUBECONFIG`: the environment the programs need. */
  environment: Array<{ name: string; assignment: string }>;
}

interface Prepared {
  text: string;
  refs: UsedVariable[];
}

interface Setter {
  index: number;
  assignment: string;
}

export function prepareVariables(input: {
  drafts: StepDraft[];
  ids: string[];
  definitions: Map<string, VariableDefinition>;
  metadata: RunbookMetadata;
  proseNames: ProseNames;
}): PreparedVariables {
  const { drafts, definitions, proseNames } = input;
  const metadata = declarations(input.metadata);
  const declared = new Set([...metadata.names, ...definitions.keys()]);
  const prepare = (command: string): Prepared => prepareCommand(command, proseNames, declared);
  const commands = drafts.map((d) => (d.command && d.isShell ? prepare(d.command) : null));
  const rollbacks = drafts.map((d) => (d.rollback ? prepare(d.rollback) : null));
  const setters = settersOf(commands, metadata);
  const literals = literalAssignments(definitions, metadata, proseNames);
  const steps = drafts.map((draft, index): StepVariables => {
    const query = draft.code ? placeholderRefs(draft.code, proseNames).map(fromPlaceholder) : [];
    const refs = dedupe([...(commands[index]?.refs ?? []), ...(rollbacks[index]?.refs ?? []), ...query]);
    const resolve = (p: Prepared | null) => (p ? withAssignments(p.text, index, setters, literals, declared) : null);
    return {
      runCommand: showSetValue(resolve(commands[index]!), setterName(commands[index]?.text)),
      runRollback: resolve(rollbacks[index]!),
      refs,
    };
  });
  const used = new Set(steps.flatMap((s) => s.refs.map((r) => r.name)));
  const environment = [...literals]
    .filter(([name]) => definitions.get(name)?.exported && !used.has(name))
    .map(([name, assignment]) => ({ name, assignment: `export ${assignment}` }));
  const variables = collectVariables(
    steps,
    input.ids,
    definitions,
    metadata,
    { setters, literals },
    environment,
    proseNames.descriptions,
  );
  return { steps, variables, environment };
}

function prepareCommand(command: string, names: ProseNames, declared: ReadonlySet<string>): Prepared {
  const rewritten = rewritePlaceholders(command, names);
  const expansions = expansionsIn(rewritten.text, declared).map(
    (r): UsedVariable => ({
      name: r.name,
      syntax: r.syntax,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
      written: r.syntax === '${VAR}' ? `\${${r.name}}` : `$${r.name}`,
      default: r.default,
    }),
  );
  const refs = dedupe([...rewritten.refs.map(fromPlaceholder), ...expansions]);
  const at = (name: string) => {
    const i = rewritten.text.search(new RegExp(`\\$\\{?${name}\\b`));
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  refs.sort((a, b) => at(a.name) - at(b.name));
  return { text: rewritten.text, refs };
}

function fromPlaceholder(ref: { name: string; syntax: VariableSyntax; written: string }): UsedVariable {
  return { name: ref.name, syntax: ref.syntax, written: ref.written, default: null };
}

/** `export POD=$(oc get …)` alone: the step sets `POD` for the steps after it. */
function setterName(command: string | undefined): string | null {
  if (!command || command.includes('\n')) return null;
  const m = /^(?:export\s+)?([A-Za-z_]\w*)=(?:"?\$\(|`)/.exec(command.trim());
  if (!m) return null;
  const top = parseShell(command).namedChildren.filter((n) => n.type !== 'comment');
  return top.length === 1 && /^(?:variable_assignment|declaration_command)$/.test(top[0]!.type) ? m[1]! : null;
}

function settersOf(commands: Array<Prepared | null>, metadata: Declarations): Map<string, Setter[]> {
  const setters = new Map<string, Setter[]>();
  commands.forEach((command, index) => {
    for (const { name, assignment } of assignmentsIn(command?.text ?? '')) {
      if (metadata.get(name)) continue;
      setters.set(name, [...(setters.get(name) ?? []), { index, assignment }]);
    }
  });
  return setters;
}

/**
 * `X=$(…)` / `export X=$(…)` statements at the top of a command or script: a whole
 * one-statement command (`setterName`), or the lines of a kept-together script
 * (`TOOLS_POD=$(oc get pods …)` then `oc rsh … $TOOLS_POD`).
 */
function assignmentsIn(command: string): Array<{ name: string; assignment: string }> {
  if (!command.includes('=')) return [];
  const out: Array<{ name: string; assignment: string }> = [];
  for (const node of parseShell(command).namedChildren) {
    const text = command.slice(node.startIndex, node.endIndex);
    const name = /^(?:variable_assignment|declaration_command)$/.test(node.type) ? setterName(text) : null;
    if (name) out.push({ name, assignment: text.replace(/^export\s+/, '') });
  }
  return out;
}

/** `NAMESPACE=kube-etcd` the runbook wrote (front matter `variables:` wins: those are asked). */
function literalAssignments(
  definitions: Map<string, VariableDefinition>,
  metadata: Declarations,
  names: ProseNames,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, d] of definitions) {
    if (!d.setByRunbook || d.default === null || metadata.get(name)) continue;
    const value = rewritePlaceholders(d.default, names).text;
    out.set(name, `${name}=${/^[\w./:@%+,-]*$/.test(value) ? value : `"${value.replace(/(["\\`])/g, '\\$1')}"`}`);
  }
  return out;
}

/** The assignments a command needs from earlier steps, dependencies first, then the command. */
function withAssignments(
  text: string,
  index: number,
  setters: Map<string, Setter[]>,
  literals: Map<string, string>,
  declared: ReadonlySet<string>,
): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  const need = (command: string, before: number) => {
    for (const ref of expansionsIn(command, declared)) {
      if (seen.has(ref.name)) continue;
      const setter = setters
        .get(ref.name)
        ?.filter((s) => s.index < before)
        .at(-1);
      const assignment = setter?.assignment ?? (setters.has(ref.name) ? undefined : literals.get(ref.name));
      if (!assignment) continue;
      seen.add(ref.name);
      need(assignment, setter ? setter.index : before);
      lines.push(assignment);
    }
  };
  need(text, index);
  return lines.length > 0 ? `${lines.join('\n')}\n${text}` : text;
}

/** A step that only sets a variable shows the value it set, so the engineer sees what later steps use. */
function showSetValue(runCommand: string | null, name: string | null): string | null {
  return runCommand && name ? `${runCommand}\necho "${name}=$${name}"` : runCommand;
}

function collectVariables(
  steps: StepVariables[],
  ids: string[],
  definitions: Map<string, VariableDefinition>,
  metadata: Declarations,
  set: { setters: Map<string, Setter[]>; literals: Map<string, string> },
  environment: Array<{ name: string }>,
  described: ReadonlyMap<string, string>,
): RunbookVariable[] {
  const byName = new Map<string, RunbookVariable>();
  steps.forEach((step, index) => {
    for (const ref of step.refs) {
      const known = byName.get(ref.name);
      if (known) {
        if (!known.usedInSteps.includes(ids[index]!)) known.usedInSteps.push(ids[index]!);
        known.default ??= ref.default;
        continue;
      }
      byName.set(ref.name, variable(ref.name, ref.syntax, ref.written, [ids[index]!], ref.default));
    }
  });
  // Declared but unused still shows: lint reports it, and the Start modal can ask for it.
  const env = new Set(environment.map((e) => e.name));
  const canonical = new Set([...byName.keys()].map(canonicalName));
  for (const key of [...metadata.names, ...definitions.keys()]) {
    const name = /^[A-Za-z_]\w*$/.test(key) ? key : canonicalName(key);
    if (byName.has(name) || env.has(name) || (metadata.get(key) && canonical.has(canonicalName(key)))) continue;
    byName.set(name, variable(name, '$VAR', `$${name}`, [], null));
  }
  for (const v of byName.values()) {
    const declared = metadata.get(v.name);
    const defined = definitions.get(v.name);
    v.description = declared?.description ?? defined?.description ?? described.get(v.name) ?? null;
    v.default = declared?.default ?? defined?.default ?? v.default;
    v.pattern = declared?.pattern ?? null;
    const setter = set.setters.get(v.name)?.[0];
    if (!declared && (setter || set.literals.has(v.name))) {
      v.source = 'runbook';
      v.setInStepId = setter ? ids[setter.index]! : null;
    }
  }
  return [...byName.values()];
}

interface Declarations {
  names: string[];
  /** The front matter declaration of a variable: `target-replicas:` declares `<target-replicas>` (`TARGET_REPLICAS`). */
  get(name: string): DeclaredVariable | undefined;
}

function declarations(metadata: RunbookMetadata): Declarations {
  const byCanonical = new Map(Object.entries(metadata.variables).map(([key, d]) => [canonicalName(key), d]));
  return {
    names: Object.keys(metadata.variables),
    get: (name) => metadata.variables[name] ?? byCanonical.get(canonicalName(name)),
  };
}

function variable(
  name: string,
  syntax: VariableSyntax,
  written: string,
  usedInSteps: string[],
  fallback: string | null,
): RunbookVariable {
  return {
    name,
    syntax,
    written,
    source: 'user',
    setInStepId: null,
    usedInSteps,
    description: null,
    default: fallback,
    pattern: null,
  };
}

function dedupe(refs: UsedVariable[]): UsedVariable[] {
  const seen = new Map<string, UsedVariable>();
  for (const ref of refs) if (!seen.has(ref.name)) seen.set(ref.name, ref);
  return [...seen.values()];
}

/** `A=$(…)\nB=x\ncmd`: the assignments in front (with their newline) and the command. */
export function splitPrefix(command: string): { prefix: string; body: string } {
  const lines = command.split('\n');
  let i = 0;
  while (i < lines.length - 1 && /^[A-Za-z_]\w*=\S/.test(lines[i]!)) i++;
  const prefix = lines.slice(0, i).join('\n');
  return { prefix: prefix ? `${prefix}\n` : '', body: lines.slice(i).join('\n') };
}
