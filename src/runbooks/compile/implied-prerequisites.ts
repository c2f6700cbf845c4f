import type { ExecutionContext, Prerequisite, PrerequisiteKind, RunbookStep } from '../types.js';
import { splitPrefix } from './run-commands.js';
import { commandWords, descendants, parseShell } from './shell/parser.js';
import { escapeRegExp } from './text.js';

/**
 * What the commands need before step 1 even when the runbook does not say so: the CLIs it
 * runs locally, a login for them, the cluster-admin role for node debugging, draining and
 * `openshift-*` namespaces, the Rook-Ceph toolbox, SSH to a bastion, and environment the
 * runbook exports for its tools. Each lists the steps that need it; ones the author stated
 * already are not repeated.
 */
interface Need {
  key: string;
  kind: PrerequisiteKind;
  text: string;
  command: string | null;
  /** Words whose presence in a stated prerequisite means the author said it already. */
  said: RegExp;
}

// biome-ignore format: a word list reads better packed
const CLIS = new Set([
  'oc', 'kubectl', 'helm', 'virtctl', 'istioctl', 'linkerd', 'argocd', 'flux', 'velero', 'etcdctl', 'stern',
  'kustomize', 'tkn', 'kn', 'aws', 'gcloud', 'gsutil', 'bq', 'az', 'doctl', 'terraform', 'vault', 'consul',
  'nomad', 'jq', 'yq', 'psql', 'mysql', 'redis-cli', 'mongo', 'mongosh', 'cqlsh', 'promtool', 'amtool', 'logcli',
  'grpcurl', 'cmctl', 'calicoctl', 'cilium', 'eksctl', 'rosa', 'ocm', 'govc', 'openstack', 'skopeo', 'podman',
  'docker', 'kafka-topics', 'kafka-consumer-groups', 'rabbitmqctl', 'nodetool', 'clickhouse-client', 'ansible',
  'ansible-playbook', 'pulumi', 'tofu', 'terragrunt', 'crictl', 'cmctl', 'istioctl',
]);

const LOGINS: Record<string, Omit<Need, 'key'>> = {
  oc: {
    kind: 'access',
    text: 'Logged in to the cluster with `oc login`',
    command: null,
    said: /\blog(?:ged)?[ -]?in\b|\blogin\b|\bkubeconfig\b/i,
  },
  kubectl: {
    kind: 'access',
    text: 'A kubeconfig context for the cluster (`kubectl config current-context` names it)',
    command: null,
    said: /\bkubeconfig\b|\bcontext\b|\blog(?:ged)?[ -]?in\b/i,
  },
  aws: {
    kind: 'credentials',
    text: 'AWS credentials for the account (a profile or an SSO session)',
    command: null,
    said: /\baws\b.*\b(?:profile|sso|credentials?)\b|\b(?:profile|sso|credentials?)\b.*\baws\b/i,
  },
  gcloud: {
    kind: 'credentials',
    text: 'gcloud signed in to the project (`gcloud auth login`)',
    command: null,
    said: /\bgcloud\b/i,
  },
  az: { kind: 'credentials', text: 'Azure CLI signed in (`az login`)', command: null, said: /\baz login\b|\bazure\b/i },
};

const ADMIN_SUBCOMMANDS =
  /^(?:drain|cordon|uncordon|must-gather|node-logs|taint|certificate|upgrade|inspect|reboot-machine-config-pool|wait-for-stable-cluster|copy-to-node|restart-kubelet)$/;

export function impliedPrerequisites(input: {
  steps: RunbookStep[];
  contexts: ExecutionContext[];
  stated: Prerequisite[];
  environment: Array<{ name: string; assignment: string }>;
}): Prerequisite[] {
  const needs = new Map<string, { need: Need; stepIds: string[] }>();
  const add = (need: Need, stepId: string | null) => {
    const entry = needs.get(need.key) ?? { need, stepIds: [] };
    needs.set(need.key, entry);
    if (stepId && !entry.stepIds.includes(stepId)) entry.stepIds.push(stepId);
  };
  // A wrapped step runs its openers' programs on the engineer's side: their needs are its needs.
  const byStep = new Map<string, Need[]>();
  const contextOf = new Map(input.contexts.map((c) => [c.id, c]));
  for (const step of input.steps) {
    const own = step.runMode === 'local' || step.opensContextId ? runNeeds(step.runCommand ?? '') : [];
    const openers = step.runMode === 'wrapped' ? openerNeeds(step, contextOf, byStep) : [];
    byStep.set(step.id, own);
    for (const need of [...own, ...openers]) add(need, step.id);
  }
  for (const context of input.contexts)
    for (const need of contextNeeds(context)) add(need, context.stepIds[0] ?? context.openedByStepId);
  for (const { name, assignment } of input.environment) {
    add(
      {
        key: `env:${name}`,
        kind: envKind(name),
        text: `\`${name}\` set in the shell that runs the steps`,
        command: assignment,
        said: new RegExp(`\\b${name}\\b`),
      },
      null,
    );
  }
  const stated = input.stated.map((p) => `${p.text} ${p.command ?? ''}`).join('\n');
  return [...needs.values()]
    .filter(({ need }) => !need.said.test(stated))
    .map(({ need, stepIds }) => ({ text: need.text, kind: need.kind, command: need.command, implied: true, stepIds }));
}

/** What the steps that opened a wrapped step's contexts need. */
function openerNeeds(step: RunbookStep, contextOf: Map<string, ExecutionContext>, byStep: Map<string, Need[]>): Need[] {
  const needs: Need[] = [];
  for (let c = contextOf.get(step.context?.id ?? ''); c; c = contextOf.get(c.parentId ?? '')) {
    needs.push(...(c.openedByStepId ? (byStep.get(c.openedByStepId) ?? []) : []));
  }
  return needs;
}

/** The assignments in front and the command read apart: each is then a text already parsed. */
function runNeeds(runCommand: string): Need[] {
  const { prefix, body } = splitPrefix(runCommand);
  return prefix ? [...commandNeeds(prefix.trimEnd()), ...commandNeeds(body)] : commandNeeds(body);
}

function commandNeeds(command: string): Need[] {
  const needs: Need[] = [];
  for (const node of descendants(parseShell(command), COMMAND)) {
    const words = commandWords(node);
    let i = 0;
    while (/^(?:sudo|env|timeout|xargs|nohup|time)$/.test(words[i] ?? '') || /^\d+[smh]?$/.test(words[i] ?? '')) i++;
    const program = words[i] ?? '';
    if (CLIS.has(program)) {
      needs.push({
        key: `tool:${program}`,
        kind: 'tool',
        text: `The \`${program}\` CLI`,
        command: null,
        said: new RegExp(`(?:^|[^\\w-])${escapeRegExp(program)}(?![\\w-])`, 'i'),
      });
      const login = LOGINS[program];
      if (login) needs.push({ key: `login:${program}`, ...login });
    }
    const host = program === 'ssh' ? sshHost(words.slice(i + 1)) : null;
    if (host) needs.push(sshNeed(host));
    if ((program === 'oc' || program === 'kubectl') && needsClusterAdmin(words.slice(i + 1), command)) {
      needs.push({
        key: 'role:cluster-admin',
        kind: 'role',
        text: 'The `cluster-admin` role on the cluster',
        command: null,
        said: /cluster-admin|cluster admin/i,
      });
    }
  }
  return needs;
}

const COMMAND = new Set(['command']);

function needsClusterAdmin(args: string[], command: string): boolean {
  const positional = args.filter((a) => !a.startsWith('-'));
  if (positional[0] === 'adm' && ADMIN_SUBCOMMANDS.test(positional[1] ?? '')) return true;
  if (positional[0] === 'debug' && /\bnode\//.test(command)) return true;
  if (/^(?:drain|cordon|uncordon)$/.test(positional[0] ?? '')) return true;
  return /(?:-n|--namespace)[=\s]+(?:openshift-[\w-]+|kube-system)\b/.test(command);
}

function contextNeeds(context: ExecutionContext): Need[] {
  const where = `${context.opener ?? ''} ${context.description}`;
  if (context.kind === 'toolbox' && /rook|ceph/i.test(where)) {
    const namespace = /(?:-n|--namespace)[=\s]+([\w-]+)/.exec(context.opener ?? '')?.[1] ?? 'openshift-storage';
    return [
      {
        key: 'toolbox:rook',
        kind: 'toolbox',
        text: `The Rook-Ceph toolbox pod (\`rook-ceph-tools\`) running in \`${namespace}\``,
        command: null,
        said: /toolbox|rook-ceph-tools/i,
      },
    ];
  }
  if (context.kind === 'toolbox') {
    return [
      {
        key: 'toolbox:node',
        kind: 'toolbox',
        text: 'The `toolbox` container image can be pulled on the node',
        command: null,
        said: /toolbox/i,
      },
    ];
  }
  return [];
}

const SSH_VALUE_FLAGS = new Set([
  '-i',
  '-p',
  '-l',
  '-o',
  '-J',
  '-F',
  '-b',
  '-c',
  '-D',
  '-E',
  '-L',
  '-R',
  '-W',
  '-w',
  '-S',
  '-Q',
  '-m',
  '-O',
  '-e',
  '-I',
]);

/** The host of `ssh [options] host [command]`. */
function sshHost(args: string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    if (SSH_VALUE_FLAGS.has(args[i]!)) i++;
    else if (!args[i]!.startsWith('-')) return args[i]!;
  }
  return null;
}

function sshNeed(host: string): Need {
  const bastion = /bastion|jump/i.test(host);
  const name = host.replace(/^[^@]+@/, '');
  return {
    key: `ssh:${name}`,
    kind: bastion ? 'network' : 'access',
    text: bastion ? `Network and SSH access to the bastion \`${host}\`` : `SSH access to \`${host}\``,
    command: null,
    said: new RegExp(`${escapeRegExp(name)}|\\b${bastion ? 'bastion' : 'ssh'}\\b`, 'i'),
  };
}

function envKind(name: string): PrerequisiteKind {
  if (/KUBECONFIG|CONTEXT/.test(name)) return 'access';
  if (/PROFILE|TOKEN|PASSWORD|SECRET|KEY|CREDENTIAL/.test(name)) return 'credentials';
  return 'other';
}
