import type { Ambiguity, ContextKind, ExecutionContext, RunMode, StepContext } from '../types.js';
import type { StepDraft } from './draft.js';
import { interactiveUse } from './shell/interactive.js';
import { commandWords, firstCommand, parseShell } from './shell/parser.js';
import { oneLine } from './titles.js';
import { type WrapLevel, wrapInto } from './wrap.js';

/**
 * Where each step's command runs. A command that opens a shell elsewhere (`oc rsh`, `oc
 * debug node/…`, `chroot /host`, `ssh`, `virtctl console`, `psql`, `toolbox`) starts a
 * context; the commands after it run inside, until an `exit` (or "Leave the toolbox"), or
 * until a command that can only mean the engineer's own shell (`oc …` after a pod shell).
 * A tool that only lives in such a place (`ceph`, `ovn-nbctl`, `crictl`) or words such as
 * "in all etcd pods" put a command in a context even when the runbook never opens it.
 */
export interface StepPlacement {
  context: StepContext | null;
  runMode: RunMode;
  wrappedCommand: string | null;
  opensContextId: string | null;
}

interface Open {
  context: ExecutionContext;
  /** The opener as prepared, for wrapping; null for a context only the text implies. */
  run: string | null;
  parent: Open | null;
}

export function placeSteps(input: {
  drafts: StepDraft[];
  ids: string[];
  runCommands: Array<string | null>;
  /** A query's text with placeholders as `${NAME}`, for a database shell. */
  queryText: (draft: StepDraft) => string | null;
}): {
  placements: StepPlacement[];
  contexts: ExecutionContext[];
  ambiguities: Ambiguity[];
  /** Another command for step `index`'s context, wrapped the same way (a bounded form of it). */
  rewrap: (index: number, inner: string) => string | null;
} {
  const all: Open[] = [];
  const openAt: Array<Open | null> = [];
  const ambiguities: Ambiguity[] = [];
  let stack: Open[] = [];
  const placements = input.drafts.map((draft, index): StepPlacement => {
    stack = stack.slice(0, Math.max(0, stack.length - draft.exitsBefore));
    const command = draft.isShell ? draft.command : null;
    if (command && stack.length > 0 && runsLocally(command)) {
      while (stack.length > 0 && !KEEPS_LOCAL.has(stack.at(-1)!.context.kind)) stack.pop();
    }
    // A shell command is never typed into `psql` or `redis-cli`: the author left it.
    while (command && stack.at(-1)?.context.kind === 'database') stack.pop();
    const here = stack.at(-1) ?? (command ? implied(draft, command, all, input.ids[index]!, ambiguities) : null);
    openAt[index] = here;
    const opener = command ? contextOpener(command) : null;
    if (opener) {
      const open = openContext(opener, command!, input.runCommands[index] ?? command!, here, input.ids[index]!, all);
      stack.push(open);
      return {
        ...placed(here, input.ids[index]!),
        runMode: 'manual',
        wrappedCommand: null,
        opensContextId: open.context.id,
      };
    }
    const query = typedIntoDatabase(draft) ? input.queryText(draft) : null;
    const placement = place(here, input.runCommands[index] ?? null, query, input.ids[index]!);
    // "Run this in all etcd pods": one wrapped command would reach only the pod the opener picks.
    const perPlace = placement.context && PER_PLACE.has(placement.context.kind);
    if (placement.wrappedCommand && perPlace && EVERY.test(placeWords(draft))) {
      return { ...placement, runMode: 'manual', wrappedCommand: null };
    }
    return placement;
  });
  for (const open of all) {
    if (open.context.stepIds.length > 0 || open.context.openedByStepId === null) continue;
    const opener = (open.context.opener ?? '').split('\n').at(-1) ?? '';
    ambiguities.push({
      stepId: open.context.openedByStepId,
      text: opener,
      question: `\`${oneLine(opener)}\` opens an interactive shell, but no step runs inside it. Which commands should run there? Put them in a code block under it.`,
    });
  }
  const rewrap = (index: number, inner: string) => {
    const open = openAt[index];
    return open ? wrapInto(levels(open), inner, false) : inner;
  };
  return { placements, contexts: all.map((o) => o.context), ambiguities, rewrap };
}

/** The words that may say where a step runs: its title and first paragraph, or a table row's own cells. */
function placeWords(draft: StepDraft): string {
  return draft.ownWords ?? `${draft.title} ${draft.text[0] ?? ''}`;
}

/** Languages a database shell reads; YAML or HCL shown under a `psql` step is not typed into it. */
const DATABASE_LANGUAGES = new Set(['sql', 'redis', 'cql', 'mongodb', 'javascript', 'js']);

function typedIntoDatabase(draft: StepDraft): boolean {
  return !draft.isShell && DATABASE_LANGUAGES.has(draft.language ?? '');
}

function placed(open: Open | null, stepId: string): Pick<StepPlacement, 'context'> {
  if (!open) return { context: null };
  if (!open.context.stepIds.includes(stepId)) open.context.stepIds.push(stepId);
  const { id, kind, opener, openedByStepId } = open.context;
  return { context: { id, kind, opener, openedByStepId } };
}

function place(open: Open | null, run: string | null, query: string | null, stepId: string): StepPlacement {
  const none = { wrappedCommand: null, opensContextId: null };
  if (run === null) {
    // A query typed into a database shell can be passed to it: `psql … -c '…'`.
    if (query !== null && open?.context.kind === 'database') {
      const wrapped = wrapInto(levels(open), query, true);
      return {
        ...placed(open, stepId),
        runMode: wrapped ? 'wrapped' : 'manual',
        wrappedCommand: wrapped,
        opensContextId: null,
      };
    }
    return { context: null, runMode: 'manual', ...none };
  }
  if (!open) return { context: null, runMode: 'local', ...none };
  const wrapped = levels(open).every((l) => l.opener !== '') ? wrapInto(levels(open), run, false) : null;
  return {
    ...placed(open, stepId),
    runMode: wrapped ? 'wrapped' : 'manual',
    wrappedCommand: wrapped,
    opensContextId: null,
  };
}

function levels(open: Open): WrapLevel[] {
  const out: WrapLevel[] = [];
  for (let o: Open | null = open; o; o = o.parent) out.push({ kind: o.context.kind, opener: o.run ?? '' });
  return out;
}

function openContext(
  opener: { kind: ContextKind },
  command: string,
  run: string,
  parent: Open | null,
  stepId: string,
  all: Open[],
): Open {
  const context: ExecutionContext = {
    id: `c${all.length + 1}`,
    kind: opener.kind,
    opener: command,
    openedByStepId: stepId,
    parentId: parent?.context.id ?? null,
    description: `\`${oneLine(command.split('\n').at(-1)!)}\``,
    stepIds: [],
  };
  const open = { context, run, parent };
  all.push(open);
  return open;
}

/** The kind of place a session opener leads to, or null when the command opens none. */
function contextOpener(command: string): { kind: ContextKind; what: string } | null {
  const use = interactiveUse(command);
  if (use?.kind !== 'session') return null;
  const what = use.what;
  const inner = /\s--\s+(\S+)/.exec(command)?.[1] ?? /\bexec\s+(?:-\S+\s+)*\S+\s+(\S+)/.exec(command)?.[1];
  if (/exec/.test(what) && inner && SESSION_KINDS[inner] === 'database') return { kind: 'database', what };
  const kind: ContextKind | null =
    /^(?:oc|kubectl) debug$/.test(what) && /\bnode\//.test(command)
      ? 'node'
      : /^(?:oc|kubectl) (?:rsh|exec|attach|debug)$/.test(what)
        ? /rook-ceph-tools|ceph-tools|\btoolbox\b/.test(command)
          ? 'toolbox'
          : 'pod'
        : (SESSION_KINDS[what.split(' ')[0]!] ?? null);
  return kind ? { kind, what } : null;
}

const SESSION_KINDS: Record<string, ContextKind> = {
  ssh: 'ssh',
  virtctl: 'vm',
  psql: 'database',
  mysql: 'database',
  'redis-cli': 'database',
  mongo: 'database',
  mongosh: 'database',
  chroot: 'chroot',
  toolbox: 'toolbox',
  docker: 'container',
  podman: 'container',
  nerdctl: 'container',
  crictl: 'container',
  su: 'shell',
  sudo: 'shell',
  bash: 'shell',
  sh: 'shell',
  zsh: 'shell',
  nsenter: 'shell',
};

/** Places an opener picks one of, where "in all etcd pods" means more than the one picked. */
const PER_PLACE = new Set<ContextKind>(['pod', 'toolbox', 'node', 'chroot', 'container']);
const EVERY =
  /\b(?:in|on|inside|from|against|across)\s+(?:all|each|every)\s+(?:of the\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:pods?|nodes?|members?|replicas?|instances?|brokers?|osds?|containers?|masters?|workers?)\b/i;

/** Contexts a local command does not leave: `oc` after `ssh bastion` runs on the bastion. */
const KEEPS_LOCAL = new Set<ContextKind>(['ssh', 'shell']);
const CLUSTER_CLIENTS = new Set([
  'oc',
  'kubectl',
  'virtctl',
  'helm',
  'aws',
  'gcloud',
  'az',
  'argocd',
  'velero',
  'kn',
  'tkn',
]);

/** `oc get pods` after a pod shell: the author went back to their own shell without writing `exit`. */
function runsLocally(command: string): boolean {
  if (/--kubeconfig|KUBECONFIG=/.test(command)) return false;
  return CLUSTER_CLIENTS.has(programOf(command));
}

function programOf(command: string): string {
  const first = firstCommand(parseShell(command));
  const words = first ? commandWords(first) : [];
  let i = 0;
  while (words[i] === 'sudo' || words[i] === 'env' || words[i] === 'timeout') i += words[i] === 'timeout' ? 2 : 1;
  return words[i] ?? '';
}

/** Tools that only exist inside a cluster's pods or nodes. */
const IN_CLUSTER_TOOLS: Record<string, { kind: ContextKind; where: string }> = {
  ceph: { kind: 'toolbox', where: 'the Rook-Ceph toolbox pod' },
  rados: { kind: 'toolbox', where: 'the Rook-Ceph toolbox pod' },
  rbd: { kind: 'toolbox', where: 'the Rook-Ceph toolbox pod' },
  'radosgw-admin': { kind: 'toolbox', where: 'the Rook-Ceph toolbox pod' },
  'ceph-volume': { kind: 'toolbox', where: 'the Rook-Ceph toolbox pod' },
  'ovn-nbctl': { kind: 'pod', where: 'an OVN database container' },
  'ovn-sbctl': { kind: 'pod', where: 'an OVN database container' },
  'ovn-appctl': { kind: 'pod', where: 'an OVN container' },
  'ovs-vsctl': { kind: 'node', where: 'a node (or an ovnkube-node pod)' },
  'ovs-appctl': { kind: 'node', where: 'a node (or an ovnkube-node pod)' },
  'ovs-ofctl': { kind: 'node', where: 'a node (or an ovnkube-node pod)' },
  etcdctl: { kind: 'pod', where: 'an etcd pod' },
  crictl: { kind: 'node', where: 'a node' },
};

const HINT =
  /\b(?:in|inside|from|within|into|on)\s+(?:the\s+|each\s+|every\s+|all\s+|an?\s+|that\s+|this\s+|its\s+)?(?:[\w-]+\s+){0,2}?(toolbox|pods?|containers?|guest|vms?|virtual machines?|nodes?|debug (?:shell|pod)|database shell|psql)\b/i;
const HINT_KINDS: Array<[RegExp, ContextKind]> = [
  [/toolbox/i, 'toolbox'],
  [/guest|vm|virtual machine/i, 'vm'],
  [/node|debug/i, 'node'],
  [/database|psql/i, 'database'],
  [/pod|container/i, 'pod'],
];

/** A command the text or its tool places elsewhere, though no step opens that place. */
function implied(
  draft: StepDraft,
  command: string,
  all: Open[],
  stepId: string,
  ambiguities: Ambiguity[],
): Open | null {
  const program = programOf(command);
  if (CLUSTER_CLIENTS.has(program) || contextOpener(command)) return null;
  const tool = IN_CLUSTER_TOOLS[program];
  const hint = HINT.exec(placeWords(draft));
  const hintKind = hint ? (HINT_KINDS.find(([re]) => re.test(hint[1]!))?.[1] ?? null) : null;
  const kind = tool?.kind ?? hintKind;
  if (!kind) return null;
  const earlier = [...all].reverse().find((o) => o.context.kind === kind && o.context.opener !== null);
  if (earlier) return earlier;
  const known = all.find((o) => o.context.kind === kind && o.context.opener === null);
  if (known) return known;
  const where = tool?.where ?? hint![0].charAt(0).toLowerCase() + hint![0].slice(1);
  const context: ExecutionContext = {
    id: `c${all.length + 1}`,
    kind,
    opener: null,
    openedByStepId: null,
    parentId: null,
    description: tool ? `\`${program}\` runs in ${where}` : where,
    stepIds: [],
  };
  const open: Open = { context, run: null, parent: null };
  all.push(open);
  ambiguities.push({
    stepId,
    text: oneLine(command),
    question: `\`${oneLine(command)}\` runs ${tool ? `in ${where}` : where}, but the runbook does not say how to get there. Add the command that opens it (for example \`oc rsh …\` or \`oc debug node/…\`) in a code block before it.`,
  });
  return open;
}
