import type { Invocation } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import { displayOf, type Word } from '../scanner/word.js';
import { argParser, type ParsedArgs } from './args.js';
import { asksForHelp, helpFinding } from './common.js';
import { KUBECTL_PLUGINS, pluginInvocation } from './k8s-clis.js';
import { RECREATED_KINDS, resourceRefs } from './kubernetes-kinds.js';
import {
  caution,
  dangerous,
  finding,
  type Rule,
  type RuleContext,
  type RuleTable,
  safe,
  unknown,
  verbTable,
} from './rule.js';

const VALUED = [
  '-n',
  '--namespace',
  '--context',
  '--cluster',
  '--user',
  '--kubeconfig',
  '-s',
  '--server',
  '--token',
  '--as',
  '--as-group',
  '--as-uid',
  '--request-timeout',
  '--cache-dir',
  '--certificate-authority',
  '--client-certificate',
  '--client-key',
  '--tls-server-name',
  '-v',
  '--v',
  '--vmodule',
  '--log-file',
  '--profile',
  '--profile-output',
  '--username',
  '--password',
  '-o',
  '--output',
  '-l',
  '--selector',
  '-f',
  '--filename',
  '-k',
  '--kustomize',
  '-c',
  '--container',
  '--field-selector',
  '--sort-by',
  '--since',
  '--since-time',
  '--tail',
  '--template',
  '-L',
  '--label-columns',
  '--replicas',
  '--current-replicas',
  '--resource-version',
  '--timeout',
  '--grace-period',
  '--type',
  '-p',
  '--patch',
  '--patch-file',
  '--to-revision',
  '--image',
  '--port',
  '--address',
  '--pod-running-timeout',
  '--revision',
  '--for',
  '--field-manager',
  '--subresource',
  '--from-literal',
  '--from-file',
  '--from-env-file',
  '--env',
  '-e',
  '--limits',
  '--requests',
  '--min',
  '--max',
  '--cpu-percent',
  '--chunk-size',
  '--max-log-requests',
  '--raw',
  '--overrides',
  '--restart',
  '--serviceaccount',
  '--target',
  '--copy-to',
  '--image-pull-policy',
  '--labels',
  '--name',
  '--protocol',
  '--target-port',
  '--external-ip',
  '--cluster-ip',
  '--load-balancer-ip',
  '--session-affinity',
  '--output-directory',
  '--namespaces',
  '--docker-email',
  '--docker-server',
  '--docker-username',
  '--docker-password',
  '--prune-allowlist',
];
// --dry-run, --cascade and --validate take their value only as `--flag=value`, so they are not listed.

const flagParser = argParser({ valued: VALUED });
// `kubectl logs -p` is --previous, a flag; elsewhere -p is --patch.
const logsParser = argParser({ valued: VALUED.filter((o) => o !== '-p') });

const READ_VERBS = verbTable({
  safe: {
    describe: 'Describes resources (Secrets show only key names and sizes).',
    logs: 'Reads container logs.',
    log: 'Reads container logs.',
    top: 'Reads resource metrics.',
    explain: 'Explains a resource schema.',
    'api-resources': 'Lists resource types.',
    'api-versions': 'Lists API versions.',
    version: 'Prints versions.',
    events: 'Lists events.',
    wait: 'Waits for a condition.',
    diff: 'Shows what an apply would change, without persisting anything.',
    kustomize: 'Renders manifests locally.',
    completion: 'Prints shell completion code.',
    help: 'Prints help.',
    status: 'Shows project status.',
    projects: 'Lists projects.',
    whoami: 'Prints the current identity.',
  },
  caution: {
    create: 'Creates resources.',
    patch: 'Changes live resources.',
    edit: 'Edits a live resource interactively.',
    label: 'Changes labels (selectors may start or stop matching).',
    annotate: 'Changes annotations.',
    set: 'Changes a workload spec, which usually triggers a rollout.',
    autoscale: 'Creates or changes an autoscaler.',
    expose: 'Creates a service.',
    run: 'Starts a new pod.',
    cordon: 'Marks a node unschedulable (undo with uncordon).',
    uncordon: 'Marks a node schedulable.',
    certificate: 'Approves or denies certificate requests.',
    attach: 'Attaches to a running container.',
    'port-forward': 'Opens a local tunnel into the cluster.',
    proxy: 'Opens a local proxy to the API server.',
    cp: 'Copies files between a container and the local machine.',
    debug: 'Starts a debug container or a privileged pod on a node.',
    rsh: 'Opens a shell in a container.',
    login: 'Logs in and rewrites the local kubeconfig.',
    'new-app': 'Creates an application.',
    'new-project': 'Creates a project.',
    'start-build': 'Starts a build.',
    import: 'Imports resources.',
    tag: 'Tags an image stream.',
    'new-build': 'Creates a build configuration.',
    extract: 'Writes Secret or ConfigMap data to local files.',
  },
});

/** Output formats that print a Secret's data. */
const REVEALING_OUTPUT =
  /^(yaml|json|jsonpath|jsonpath-as-json|jsonpath-file|go-template|go-template-file|template|templatefile|custom-columns|custom-columns-file)\b/;

/** `--dry-run`, `--dry-run=client|server`: nothing is persisted. Any other value is not a dry run. */
function isDryRun(p: ParsedArgs): boolean {
  const d = p.get('--dry-run');
  return (
    d !== undefined &&
    (d.word.value === '--dry-run' || d.value === 'client' || d.value === 'server' || d.value === 'true')
  );
}

function nameOperands(p: ParsedArgs): Word[] {
  return p.positionals.slice(1);
}

function targetOf(p: ParsedArgs): string | null {
  const { refs, kinds } = resourceRefs(nameOperands(p).map((w) => w.value ?? w.raw));
  if (refs.length === 0) return kinds.join(',') || null;
  return refs.map((r) => (r.kind ? `${r.kind}/${r.name ?? '?'}` : (r.name ?? '?'))).join(' ');
}

function get(inv: Invocation, p: ParsedArgs): Finding[] {
  const raw = p.get('--raw')?.value;
  if (raw !== undefined) {
    return raw !== null && /\/secrets\b/.test(raw)
      ? caution(inv, 'secret.kubernetes', 'Reads Secret data through the raw API.', { target: raw })
      : safe(inv, 'kubectl.get', 'Reads from the API.');
  }
  const { kinds } = resourceRefs(nameOperands(p).map((w) => w.value));
  const output = p.get('-o', '--output')?.value ?? '';
  if (kinds.includes('secret') && REVEALING_OUTPUT.test(output)) {
    return caution(inv, 'secret.kubernetes', 'Prints Secret data (base64 is not encryption) into the channel.', {
      target: targetOf(p),
    });
  }
  return safe(inv, 'kubectl.get', 'Lists or reads resources.');
}

function deleteVerdict(inv: Invocation, p: ParsedArgs): Finding[] {
  const operands = nameOperands(p);
  const { kinds, refs } = resourceRefs(operands.map((w) => w.value));
  const target = targetOf(p);
  const raw = p.get('--raw');
  if (raw) {
    return dangerous(inv, 'kubectl.delete-raw', 'Deletes whatever the raw API path names, with no kind checks.', {
      target: raw.value,
    });
  }
  if (p.has('-f', '--filename', '-k', '--kustomize')) {
    return dangerous(
      inv,
      'kubectl.delete-manifest',
      'Deletes every object defined in the manifest; their state is gone.',
      { target: p.get('-f', '--filename', '-k', '--kustomize')?.value ?? null },
    );
  }
  if (kinds.includes('namespace')) {
    return dangerous(inv, 'kubectl.delete-namespace', 'Deletes the namespace and every object in it.', { target });
  }
  if (inv.fanOut || operands.some((w) => w.hasSubstitution)) {
    return dangerous(
      inv,
      'kubectl.delete-bulk',
      'Deletes a list of objects produced at run time; the list cannot be reviewed.',
      { target },
    );
  }
  if (p.has('--all', '-A', '--all-namespaces')) {
    const scope = p.has('-A', '--all-namespaces')
      ? 'all-namespaces'
      : (p.get('-n', '--namespace')?.value ?? 'current-namespace');
    const what = kinds.join(',') || 'all';
    return dangerous(inv, 'kubectl.delete-all', `Deletes every ${what} in ${scope} at once.`, {
      target: `${scope}/${what}`,
    });
  }
  const fieldSelector = p.get('--field-selector')?.value;
  if (fieldSelector !== undefined) {
    return fieldSelector !== null &&
      /^status\.phase(=|==)(Failed|Succeeded)$/.test(fieldSelector) &&
      kinds.every((k) => k === 'pod')
      ? caution(inv, 'kubectl.delete-finished-pods', 'Cleans up pods that have already finished or failed.', {
          target: fieldSelector,
        })
      : dangerous(inv, 'kubectl.delete-selector', 'Deletes every object matching a field selector at once.', {
          target: fieldSelector,
        });
  }
  if (p.has('-l', '--selector')) {
    return dangerous(inv, 'kubectl.delete-selector', 'Deletes every object matching the label selector at once.', {
      target: p.get('-l', '--selector')?.value ?? null,
    });
  }
  if (p.has('--force') && p.get('--grace-period')?.value === '0') {
    return dangerous(
      inv,
      'kubectl.force-delete',
      'Force-deletes without waiting for shutdown; a StatefulSet pod can run twice.',
      { target },
    );
  }
  if (refs.length === 0)
    return unknown(inv, 'kubectl.delete-incomplete', 'Names a kind but no object; kubectl will refuse.');
  const allKinds = refs.map((r) => r.kind);
  if (allKinds.some((k) => k === null))
    return unknown(inv, 'kubectl.delete-unknown-kind', 'The kind to delete is not given.', { target });
  if (allKinds.every((k) => RECREATED_KINDS.has(k!))) {
    return caution(inv, 'kubectl.delete-pod', 'Deletes named pods (or similar); their controller recreates them.', {
      target,
    });
  }
  return dangerous(inv, 'kubectl.delete', `Deletes ${target}; it is not recreated and its state is lost.`, { target });
}

function rollout(inv: Invocation, p: ParsedArgs): Finding[] {
  const sub = p.positionals[1]?.value;
  const target = p.positionals.slice(2).map(displayOf).join(' ') || null;
  if (sub === 'status' || sub === 'history') return safe(inv, `kubectl.rollout-${sub}`, 'Reads rollout state.');
  if (sub === 'restart' || sub === 'pause' || sub === 'resume' || sub === 'undo') {
    return caution(inv, `kubectl.rollout-${sub}`, `Rollout ${sub}: changes running pods; recoverable.`, { target });
  }
  return unknown(inv, 'kubectl.unknown-subcommand', `kubectl rollout ${sub ?? ''} is not known.`);
}

function config(inv: Invocation, p: ParsedArgs): Finding[] {
  const sub = p.positionals[1]?.value;
  if (sub === 'view') {
    return p.has('--raw', '--flatten')
      ? caution(inv, 'secret.kubeconfig', 'Prints kubeconfig credentials (tokens, keys) unredacted.')
      : safe(inv, 'kubectl.config-read', 'Prints the kubeconfig with credentials redacted.');
  }
  if (sub === 'get-contexts' || sub === 'current-context' || sub === 'get-clusters' || sub === 'get-users') {
    return safe(inv, 'kubectl.config-read', 'Reads the kubeconfig.');
  }
  return caution(
    inv,
    'kubectl.config-write',
    'Changes the kubeconfig: later commands may hit a different cluster or user.',
    {
      target: p.positionals[2]?.value ?? null,
    },
  );
}

function scale(inv: Invocation, p: ParsedArgs): Finding[] {
  const replicas = p.get('--replicas')?.value;
  const target = targetOf(p);
  if (replicas === '0')
    return dangerous(inv, 'kubectl.scale-to-zero', 'Scales to zero replicas: the workload stops serving.', { target });
  if (p.has('--all', '-l', '--selector') || inv.fanOut)
    return caution(inv, 'kubectl.scale-many', 'Scales several workloads at once.', { target });
  return caution(inv, 'kubectl.scale', `Scales to ${replicas ?? '?'} replicas; recoverable.`, { target });
}

function taint(inv: Invocation, p: ParsedArgs): Finding[] {
  const target = targetOf(p);
  const specs = p.positionals.slice(3).map((w) => w.value ?? '');
  if (specs.some((s) => /:NoExecute$/.test(s)) || p.has('--all')) {
    return dangerous(
      inv,
      'kubectl.taint-evict',
      'A NoExecute taint (or a taint on every node) evicts running pods immediately.',
      { target },
    );
  }
  return caution(inv, 'kubectl.taint', 'Changes where pods may be scheduled.', { target });
}

function drain(inv: Invocation, p: ParsedArgs): Finding[] {
  const target = targetOf(p) ?? p.positionals[1]?.value ?? null;
  if (p.has('--disable-eviction'))
    return dangerous(inv, 'kubectl.drain-no-pdb', 'Drains while bypassing PodDisruptionBudgets.', { target });
  if (p.has('--force'))
    return dangerous(inv, 'kubectl.drain-force', 'Drains and deletes pods no controller will recreate.', { target });
  return caution(inv, 'kubectl.drain', 'Evicts pods from the node (emptyDir data is lost); undo with uncordon.', {
    target,
  });
}

function exec(inv: Invocation, p: ParsedArgs, ctx: RuleContext): Finding[] {
  const pod = p.positionals[1];
  const target = pod ? displayOf(pod) : null;
  const floor = finding(inv, 'caution', 'kubectl.exec', 'Runs a command inside a production container.', { target });
  const payload = p.sawDoubleDash ? p.rest : p.positionals.slice(2);
  if (payload.length === 0) return [floor];
  const stdin = p.has('-i', '--stdin') ? inv.stdin : { kind: 'terminal' as const };
  return [floor, ...ctx.scanArgv(payload, { stdin })];
}

function apply(inv: Invocation, p: ParsedArgs): Finding[] {
  const sub = p.positionals[1]?.value;
  if (sub === 'view-last-applied') return safe(inv, 'kubectl.apply-view', 'Prints the last applied configuration.');
  const target = p.get('-f', '--filename', '-k', '--kustomize')?.value ?? null;
  if (p.has('--prune'))
    return dangerous(inv, 'kubectl.apply-prune', 'Prune deletes live objects missing from the manifests.', { target });
  if (p.has('--force'))
    return dangerous(inv, 'kubectl.apply-force', 'Force apply may delete and recreate objects.', { target });
  return caution(inv, 'kubectl.apply', 'Changes cluster state to match the manifests; re-apply to revert.', { target });
}

/**
 * kubectl and oc (decision 0006): reads are safe, Secret contents are secret reads,
 * changes are caution, deletion of stateful objects and wide selectors are dangerous,
 * and any server/client dry run is safe.
 */
const kubectl: Rule = (inv, ctx) => {
  if (asksForHelp(inv.args, ['-h'])) return helpFinding(inv, 'kubectl');
  const first = flagParser.parse(inv.args);
  const verb = first.positionals[0]?.value ?? null;
  if (verb === null) {
    return first.positionals.length === 0
      ? safe(inv, 'kubectl.help', 'Prints usage.')
      : unknown(inv, 'kubectl.dynamic', 'The kubectl verb is only known at run time.');
  }
  const p = verb === 'logs' || verb === 'log' ? logsParser.parse(inv.args) : first;
  if (isDryRun(p) && verb !== 'exec')
    return safe(inv, 'kubectl.dry-run', `kubectl ${verb} with --dry-run: nothing is persisted.`, {
      target: targetOf(p),
    });
  switch (verb) {
    case 'get':
      return get(inv, p);
    case 'delete':
      return deleteVerdict(inv, p);
    case 'rollout':
      return rollout(inv, p);
    case 'config':
      return config(inv, p);
    case 'scale':
      return scale(inv, p);
    case 'taint':
      return taint(inv, p);
    case 'drain':
      return drain(inv, p);
    case 'exec':
      return exec(inv, p, ctx);
    case 'apply':
      return apply(inv, p);
    case 'patch': {
      const patch = p.get('-p', '--patch')?.value ?? '';
      if (/"?replicas"?\s*:\s*0\b/.test(patch))
        return dangerous(inv, 'kubectl.scale-to-zero', 'Patches replicas to zero: the workload stops serving.', {
          target: targetOf(p),
        });
      return caution(inv, 'kubectl.patch', 'Changes live resources.', { target: targetOf(p) });
    }
    case 'run': {
      const floor = finding(inv, 'caution', 'kubectl.run', 'Starts a new pod.', {
        target: p.positionals[1]?.value ?? null,
      });
      return p.rest.length > 0 ? [floor, ...ctx.scanArgv(p.rest)] : [floor];
    }
    case 'replace':
      return p.has('--force')
        ? dangerous(inv, 'kubectl.replace-force', 'Deletes and recreates the objects.', { target: targetOf(p) })
        : caution(inv, 'kubectl.replace', 'Replaces live objects.', { target: targetOf(p) });
    case 'auth': {
      const sub = p.positionals[1]?.value;
      return sub === 'can-i' || sub === 'whoami'
        ? safe(inv, 'kubectl.auth-read', 'Checks permissions.')
        : caution(inv, 'kubectl.auth-reconcile', 'Reconciles RBAC objects.');
    }
    case 'cluster-info':
      return p.has('--output-directory')
        ? caution(inv, 'kubectl.cluster-dump', 'Dumps cluster state into local files.')
        : safe(inv, 'kubectl.cluster-info', 'Prints cluster endpoints or a state dump.');
    case 'plugin':
      return p.positionals[1]?.value === 'list'
        ? safe(inv, 'kubectl.plugin-list', 'Lists plugins.')
        : unknown(inv, 'kubectl.plugin', 'Runs a plugin.');
    case 'project':
      return p.positionals.length > 1
        ? caution(inv, 'kubectl.config-write', 'Switches the current project for later commands.', {
            target: p.positionals[1]?.value ?? null,
          })
        : safe(inv, 'kubectl.config-read', 'Shows the current project.');
    case 'whoami':
      return p.has('--show-token', '-t')
        ? caution(inv, 'secret.kubernetes', 'Prints the session token.')
        : safe(inv, 'kubectl.whoami', 'Prints the current identity.');
    case 'adm':
      return adm(inv, p);
    default: {
      const plugin = KUBECTL_PLUGINS.get(verb);
      if (plugin) return plugin({ ...inv, ...pluginInvocation(verb, inv.args) }, ctx);
      const entry = READ_VERBS.get(verb);
      if (!entry)
        return unknown(
          inv,
          'kubectl.unknown-subcommand',
          `kubectl ${verb} is not a subcommand the scanner knows (it may be a plugin).`,
        );
      const floor = finding(inv, entry.level, `kubectl.${verb}`, entry.message, {
        target: entry.level === 'safe' ? null : targetOf(p),
      });
      if ((verb === 'debug' || verb === 'rsh') && p.rest.length > 0) return [floor, ...ctx.scanArgv(p.rest)];
      // `oc rsh pod cmd args`: the words after the pod are the command, options included.
      const pod = p.positionals[1];
      if (verb === 'rsh' && pod && p.positionals.length > 2)
        return [floor, ...ctx.scanArgv(inv.args.slice(inv.args.indexOf(pod) + 1))];
      return [floor];
    }
  }
};

/** oc adm: cluster administration. */
function adm(inv: Invocation, p: ParsedArgs): Finding[] {
  const sub = p.positionals[1]?.value;
  if (sub === 'top' || sub === 'node-logs' || sub === 'inspect' || sub === 'who-can')
    return safe(inv, 'oc.adm-read', `oc adm ${sub} only reads.`);
  if (sub === 'upgrade' && p.positionals.length === 2 && !p.has('--to', '--to-latest', '--to-image', '--clear'))
    return safe(inv, 'oc.adm-read', 'Shows upgrade status.');
  if (sub === 'drain') return drain(inv, p.withPositionals(p.positionals.slice(1)));
  if (sub === 'prune' && !p.has('--confirm'))
    return safe(inv, 'oc.adm-prune-dry-run', 'Prune without --confirm is a dry run.');
  return caution(inv, 'oc.adm', `oc adm ${sub ?? ''} changes cluster administration state.`);
}

const kubeContextSwitch =
  (family: string): Rule =>
  (inv) => {
    const words = inv.args.filter((a) => a.value === null || !a.value.startsWith('-') || a.value === '-');
    if (words.length === 0 || inv.args.some((a) => a.value === '-c' || a.value === '--current'))
      return safe(inv, `${family}.list`, 'Lists or shows the current selection.');
    return caution(inv, 'kubectl.config-write', 'Switches the kubeconfig context or namespace for later commands.', {
      target: words[0]!.value,
    });
  };

/**
 * `--server`/`-s` sends the kubeconfig's credentials (a bearer token) to the address named
 * on the command line instead of the cluster's own: at least caution (decision 0027).
 */
const kubectlWithServer: Rule = (inv, ctx) => {
  const findings = kubectl(inv, ctx);
  const server = flagParser.parse(inv.args).get('-s', '--server');
  if (!server) return findings;
  return [
    ...findings,
    finding(
      inv,
      'caution',
      'kubectl.server-override',
      'Sends the current credentials to a server named on the command line.',
      {
        target: server.value,
        at: server.word,
      },
    ),
  ];
};

export const kubectlRules: RuleTable = {
  kubectl: kubectlWithServer,
  oc: kubectlWithServer,
  kubectx: kubeContextSwitch('kubectx'),
  kubens: kubeContextSwitch('kubens'),
  stern: (inv) => safe(inv, 'stern.logs', 'Tails logs from several pods.'),
  k9s: (inv) => caution(inv, 'session.interactive', 'Opens an interactive cluster UI where anything can be changed.'),
  kustomize: (inv) =>
    inv.args[0]?.value === 'build' || inv.args[0]?.value === 'version' || inv.args.length === 0
      ? safe(inv, 'kustomize.build', 'Renders manifests locally.')
      : caution(inv, 'kustomize.edit', 'Edits kustomization files.'),
  kubeconform: (inv) => safe(inv, 'lint.read', 'Validates manifests.'),
  kubeval: (inv) => safe(inv, 'lint.read', 'Validates manifests.'),
  'kube-linter': (inv) => safe(inv, 'lint.read', 'Lints manifests.'),
  pluto: (inv) => safe(inv, 'lint.read', 'Finds deprecated APIs.'),
  popeye: (inv) => safe(inv, 'lint.read', 'Scans the cluster for problems.'),
};
