import type { RunbookSpec, RunbookStepSpec } from '../executions/ports.js';
import { canonicalName } from './compile/placeholders.js';
import type { StoredVersion } from './repo.js';
import type { CompiledRunbook, RunbookStep } from './types.js';

/**
 * A stored version as the execution engine reads it. `command` is what may run where the
 * executor runs: the prepared command for a local step, the wrapped form for a step inside
 * a pod, node or SSH session, and null for a step done by hand, so an engine that knows
 * nothing of contexts still never runs `ceph status` or `crictl rmi` on its own host.
 */
export function toSpec(version: StoredVersion): RunbookSpec {
  const compiled = version.compiled;
  const meta = compiled.metadata;
  const asked = new Set(compiled.variables.filter((v) => v.source !== 'runbook').map((v) => v.name));
  return {
    versionId: version.id,
    title: version.title,
    trustLevel: meta.trust_level,
    approvers: meta.approvers,
    createdBy: version.createdBy,
    allowMetacharacters: allowedNames(meta.allow_shell_metacharacters, compiled),
    timeoutSeconds: meta.timeout_seconds,
    variables: compiled.variables
      .filter((v) => asked.has(v.name))
      .map((v) => ({
        name: v.name,
        description: v.description,
        default: v.default,
        pattern: v.pattern,
        from: declaredFrom(meta.variables, v.name),
      })),
    steps: compiled.steps.map((s) => stepSpec(s, asked)),
    branches: compiled.branches.map((b) => ({
      key: b.id,
      kind: b.kind,
      question: b.question,
      afterStepKey: b.fromStepId,
      options: b.options.map((o) => ({ label: o.label, stepKeys: o.stepIds, jumpToStepKey: o.jumpToStepId })),
      continueAtStepKey: b.joinStepId,
      within: b.within ? { branchKey: b.within.branchId, option: b.within.option } : null,
    })),
    groups: compiled.groups.map((g) => ({
      key: g.id,
      title: g.title,
      depth: g.depth,
      parentKey: g.parentId,
      stepKeys: g.stepIds,
    })),
    prerequisites: compiled.prerequisites.map((p) => ({
      text: p.text,
      kind: p.kind,
      command: p.command,
      implied: p.implied,
    })),
    dropped: compiled.dropped.map((d) => ({ text: d.text, reason: d.reason, message: d.message })),
  };
}

function stepSpec(s: RunbookStep, asked: ReadonlySet<string>): RunbookStepSpec {
  const shell = s.isShell && s.command !== null;
  const command = !shell || s.runMode === 'manual' ? null : s.runMode === 'wrapped' ? s.wrappedCommand : s.runCommand;
  const rollback = command === null ? null : s.runMode === 'wrapped' ? s.wrappedRollback : s.runRollback;
  return {
    key: s.id,
    title: s.title,
    text: s.text,
    command,
    rollback,
    variables: s.variables.filter((name) => asked.has(name)),
    runMode: s.runMode,
    writtenCommand: s.command,
    context: s.context
      ? { kind: s.context.kind, opener: s.context.opener, openedByStepKey: s.context.openedByStepId }
      : null,
    opensContext: s.opensContextId !== null,
    groupKey: s.groupId,
    branch: s.branch ? { branchKey: s.branch.branchId, option: s.branch.option } : null,
    longRunning: s.longRunning,
    warning: s.warning,
  };
}

/** The front matter's `from:` for a variable, matched by its canonical name. */
function declaredFrom(declared: CompiledRunbook['metadata']['variables'], name: string): string | null {
  const canonical = canonicalName(name);
  for (const [key, v] of Object.entries(declared)) if (canonicalName(key) === canonical) return v.from ?? null;
  return null;
}

/** Front matter names (`target-replicas`) as the variables the commands use (`TARGET_REPLICAS`). */
function allowedNames(names: string[], compiled: CompiledRunbook): string[] {
  const byCanonical = new Map(compiled.variables.map((v) => [canonicalName(v.name), v.name]));
  return [...new Set(names.flatMap((n) => [n, byCanonical.get(canonicalName(n)) ?? n]))];
}
