import type { Invocation } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import { displayOf, type Word } from '../scanner/word.js';
import { classifyWrite } from '../scanner/write-target.js';
import { argParser, type ParsedArgs } from './args.js';
import { asksForHelp, helpFinding } from './common.js';
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

const GLOBAL_VALUED = [
  '-H',
  '--host',
  '--context',
  '-c',
  '--config',
  '-l',
  '--log-level',
  '--tlscacert',
  '--tlscert',
  '--tlskey',
  '--url',
  '--connection',
  '--identity',
  '--root',
  '--runroot',
  '--storage-driver',
  '--namespace',
  '-n',
  '--address',
  '-a',
  '--cgroup-manager',
  '--runtime',
];

const globalArgs = argParser({ valued: GLOBAL_VALUED, stopAtPositional: true });
const subArgs = argParser({
  valued: [
    '-f',
    '--filter',
    '--format',
    '-n',
    '--tail',
    '--since',
    '--until',
    '-t',
    '--time',
    '-s',
    '--signal',
    '-e',
    '--env',
    '--env-file',
    '-u',
    '--user',
    '-w',
    '--workdir',
    '--name',
    '-p',
    '--publish',
    '-v',
    '--volume',
    '--mount',
    '--network',
    '--entrypoint',
    '-m',
    '--memory',
    '--cpus',
    '--restart',
    '--label',
    '--platform',
    '-o',
    '--output',
    '--file',
    '--project-name',
    '--profile',
    '--scale',
    '--timeout',
    '--detach-keys',
    '--add-host',
    '--hostname',
    '--log-driver',
    '--log-opt',
    '--cap-add',
    '--cap-drop',
    '--device',
    '--security-opt',
    '--pid',
    '--ipc',
    '--uts',
    '--tmpfs',
    '--ulimit',
    '--gpus',
    '--pull',
    '--build-arg',
    '--target',
    '--cache-from',
    '--secret',
    '--ssh',
    '--progress',
    '--tag',
    '--expose',
    '--link',
    '--dns',
    '--health-cmd',
    '--index',
    '--type',
  ],
});

const READ = verbTable({
  safe: {
    ps: 'Lists containers.',
    logs: 'Reads container logs.',
    inspect: 'Shows object details.',
    images: 'Lists images.',
    stats: 'Shows resource use.',
    top: 'Lists processes in a container.',
    port: 'Shows port mappings.',
    diff: 'Shows filesystem changes.',
    history: 'Shows image history.',
    info: 'Shows daemon information.',
    version: 'Prints versions.',
    events: 'Streams daemon events.',
    search: 'Searches a registry.',
    wait: 'Waits for containers to stop.',
    ls: 'Lists objects.',
    list: 'Lists objects.',
    df: 'Shows disk use.',
    show: 'Shows the current context.',
    config: 'Renders the compose configuration.',
  },
  caution: {
    restart: 'Restarts containers.',
    stop: 'Stops containers; they can be started again.',
    start: 'Starts containers.',
    pause: 'Pauses containers.',
    unpause: 'Resumes containers.',
    kill: 'Kills containers.',
    run: 'Starts a new container running an image’s code.',
    create: 'Creates containers or objects.',
    cp: 'Copies files between a container and the host.',
    build: 'Builds an image.',
    pull: 'Pulls images.',
    push: 'Publishes an image.',
    tag: 'Tags an image.',
    login: 'Stores registry credentials.',
    logout: 'Removes registry credentials.',
    commit: 'Creates an image from a container.',
    load: 'Loads images.',
    import: 'Imports an image.',
    update: 'Changes container resources.',
    rename: 'Renames a container.',
    attach: 'Attaches to a running container.',
    rmi: 'Removes images (they can be pulled again).',
    up: 'Starts or recreates services.',
    down: 'Stops and removes services’ containers and networks.',
    use: 'Switches the active context for later commands.',
    scale: 'Changes the number of service replicas.',
    connect: 'Connects a container to a network.',
    disconnect: 'Disconnects a container from a network.',
    prune: 'Removes unused objects.',
    save: 'Writes images to a file.',
    export: 'Writes a container filesystem to a file.',
  },
});

/** `docker volume rm`, `docker container rm`: management commands put the verb second. */
const MANAGEMENT = new Set([
  'container',
  'image',
  'volume',
  'network',
  'system',
  'builder',
  'buildx',
  'context',
  'plugin',
  'secret',
  'config',
  'service',
  'stack',
  'node',
  'swarm',
  'manifest',
  'trust',
  'compose',
  'pod',
  'machine',
]);

const removeArgs = argParser({ valued: ['--filter', '--time', '-t'] });

function removal(inv: Invocation, group: string, words: readonly Word[]): Finding[] {
  const p = removeArgs.parse(words);
  const target = p.positionals.map((w) => w.value ?? w.raw).join(' ') || null;
  const bulk = inv.fanOut || words.some((w) => w.hasSubstitution);
  if (group === 'volume')
    return dangerous(inv, 'docker.volume-rm', 'Deletes data volumes; their data is gone.', { target });
  if (group === 'secret' || group === 'stack' || group === 'service' || group === 'node') {
    return dangerous(inv, `docker.${group}-rm`, `Removes the ${group}; running workloads depend on it.`, { target });
  }
  if (group === 'image' || group === 'rmi')
    return caution(inv, 'docker.rmi', 'Removes images (they can be pulled again).', { target });
  if (group === 'network' || group === 'config' || group === 'context' || group === 'plugin') {
    return caution(inv, `docker.${group}-rm`, `Removes the ${group}.`, { target });
  }
  if (bulk)
    return dangerous(
      inv,
      'docker.rm-bulk',
      'Removes a list of containers produced at run time (their writable layers are lost).',
      { target },
    );
  if (p.has('-v', '--volumes'))
    return dangerous(inv, 'docker.rm-volumes', 'Removes containers and their anonymous volumes.', { target });
  return caution(inv, 'docker.rm', 'Removes containers; their writable layer is lost, the image remains.', { target });
}

function prune(inv: Invocation, group: string, words: readonly Word[]): Finding[] {
  if (group === 'volume' || words.some((w) => w.value === '--volumes'))
    return dangerous(inv, 'docker.prune-volumes', 'Deletes every unused volume and the data in it.');
  if (group === 'system')
    return caution(inv, 'docker.system-prune', 'Removes stopped containers, unused networks, images and build cache.');
  return caution(inv, 'docker.prune', `Removes unused ${group === 'docker' ? 'objects' : `${group}s`}.`);
}

function exec(inv: Invocation, ctx: RuleContext, rest: ParsedArgs, family: string): Finding[] {
  const container = rest.positionals[0];
  const payload = [...rest.positionals.slice(1), ...rest.rest];
  const floor = finding(inv, 'caution', `${family}.exec`, 'Runs a command inside a running container.', {
    target: container ? displayOf(container) : null,
  });
  if (payload.length === 0) return [floor];
  const stdin = rest.has('-i', '--interactive', '-it', '-ti') ? inv.stdin : { kind: 'terminal' as const };
  return [floor, ...ctx.scanArgv(payload, { stdin })];
}

const RUN_VALUED = [
  '-a',
  '--attach',
  '--add-host',
  '--blkio-weight',
  '--cap-add',
  '--cap-drop',
  '--cgroup-parent',
  '--cidfile',
  '--cpu-period',
  '--cpu-quota',
  '--cpu-shares',
  '-c',
  '--cpus',
  '--cpuset-cpus',
  '--device',
  '--dns',
  '--dns-search',
  '-e',
  '--env',
  '--env-file',
  '--entrypoint',
  '--expose',
  '--gpus',
  '--group-add',
  '--health-cmd',
  '--health-interval',
  '-h',
  '--hostname',
  '--ip',
  '--ipc',
  '-l',
  '--label',
  '--label-file',
  '--link',
  '--log-driver',
  '--log-opt',
  '-m',
  '--memory',
  '--memory-swap',
  '--mount',
  '--name',
  '--network',
  '--net',
  '--network-alias',
  '--pid',
  '--platform',
  '-p',
  '--publish',
  '--pull',
  '--restart',
  '--runtime',
  '--security-opt',
  '--shm-size',
  '--stop-signal',
  '--stop-timeout',
  '--tmpfs',
  '-u',
  '--user',
  '--ulimit',
  '--userns',
  '--uts',
  '-v',
  '--volume',
  '--volumes-from',
  '-w',
  '--workdir',
];
const runArgs = argParser({ valued: RUN_VALUED, stopAtPositional: true });

/** Mounts of the host's root or system directories give the container the host. */
function hostMount(spec: string | null): boolean {
  if (spec === null) return true;
  const source =
    spec.includes('source=') || spec.includes('src=')
      ? (/(?:source|src)=([^,]+)/.exec(spec)?.[1] ?? '')
      : spec.split(':')[0]!;
  return (
    source === '/' ||
    /^\/(etc|var\/run\/docker\.sock|run\/docker\.sock|var\/lib|boot|usr|root|proc|sys)(\/|$)/.test(source)
  );
}

/** docker run: starting an image is caution; privileged or host-root mounts are dangerous; the command is scanned. */
function run(inv: Invocation, ctx: RuleContext, family: string, args: readonly Word[], verb: string): Finding[] {
  const p = runArgs.parse(args);
  const [image, ...payload] = p.rest;
  const target = image ? displayOf(image) : null;
  const findings: Finding[] = [
    finding(inv, 'caution', `${family}.${verb}`, 'Starts a new container running an image’s code.', { target }),
  ];
  const mounts = [...p.values('-v', '--volume'), ...p.values('--mount')];
  if (p.has('--privileged') || p.get('--pid')?.value === 'host' || mounts.some((m) => hostMount(m.value))) {
    findings.push(
      finding(
        inv,
        'dangerous',
        `${family}.run-host-access`,
        'Runs a privileged container or mounts host system paths: full access to the host.',
        { target },
      ),
    );
  }
  if (payload.length > 0) findings.push(...ctx.scanArgv(payload));
  return findings;
}

const execArgs = argParser({
  valued: ['-e', '--env', '--env-file', '-u', '--user', '-w', '--workdir', '--detach-keys', '--index'],
  stopAtPositional: true,
});

/**
 * docker, podman, nerdctl (and docker compose): reads are safe; container lifecycle changes
 * are caution; removing volumes, force-removing run-time lists and `compose down -v` are
 * dangerous. `exec` classifies its payload with a caution floor.
 */
function docker(family: string): Rule {
  return (inv, ctx) => {
    if (asksForHelp(inv.args.slice(0, 3), ['-h'])) return helpFinding(inv, family);
    const g = globalArgs.parse(inv.args);
    let words = g.rest;
    let group = 'docker';
    let compose = family === 'docker-compose';
    if (words[0]?.value === 'compose') {
      compose = true;
      words = words.slice(1);
    }
    if (compose) {
      const c = argParser({
        valued: [
          '-f',
          '--file',
          '-p',
          '--project-name',
          '--profile',
          '--env-file',
          '--project-directory',
          '--ansi',
          '--progress',
          '--parallel',
        ],
        stopAtPositional: true,
      }).parse(words);
      words = c.rest;
      group = 'compose';
    } else if (words[0]?.value && MANAGEMENT.has(words[0].value)) {
      group = words[0].value;
      words = words.slice(1);
    }
    const verbWord = words[0];
    const verb = verbWord?.value;
    if (!verbWord) return safe(inv, `${family}.help`, 'Prints usage.');
    if (verb == null) return unknown(inv, `${family}.dynamic`, 'The subcommand is only known at run time.');
    if (verb === 'exec' || (verb === 'run' && compose)) {
      const e = execArgs.parse(words.slice(1));
      return exec(inv, ctx, e.withPositionals(e.rest, []), family);
    }
    const args = words.slice(1);
    if (verb === 'rm' || verb === 'rmi' || verb === 'remove' || (verb === 'delete' && group !== 'docker')) {
      if (compose) {
        return args.some((w) => w.value === '-v' || w.value === '--volumes' || /^-[a-z]*v/.test(w.value ?? ''))
          ? dangerous(inv, 'docker.compose-rm-volumes', 'Removes service containers and their volumes.')
          : caution(inv, 'docker.compose-rm', 'Removes stopped service containers.');
      }
      return removal(inv, verb === 'rmi' ? 'rmi' : group, args);
    }
    if (verb === 'prune') return prune(inv, group, args);
    const p = subArgs.parse(args);
    const operands = p.positionals.map((w) => w.value ?? w.raw);
    if (compose && verb === 'down') {
      return p.has('-v', '--volumes')
        ? dangerous(inv, 'docker.compose-down-volumes', 'Removes containers and named volumes: their data is lost.')
        : caution(inv, 'docker.compose-down', 'Stops and removes the services’ containers and networks.');
    }
    if (verb === 'save' || verb === 'export') {
      const out = p.get('-o', '--output');
      if (!out) return safe(inv, `${family}.${verb}-stdout`, 'Writes an archive to stdout.');
      const w = classifyWrite(out.value, 'overwrite', family);
      if (w) return [finding(inv, w.level, w.ruleId, w.message, { target: out.value })];
    }
    if (verb === 'secret' || (group === 'secret' && verb === 'inspect'))
      return safe(inv, `${family}.secret-inspect`, 'Shows secret metadata (not the value).');
    if (group === 'system' && (verb === 'df' || verb === 'info' || verb === 'events'))
      return safe(inv, `${family}.read`, 'Reads daemon state.');
    if (verb === 'run' || verb === 'create') return run(inv, ctx, family, args, verb);
    if (
      (verb === 'stop' || verb === 'kill' || verb === 'pause') &&
      (inv.fanOut || args.some((w) => w.hasSubstitution))
    ) {
      return dangerous(
        inv,
        `${family}.bulk-${verb}`,
        `${verb} for every container in a run-time list: an outage of everything it matches.`,
      );
    }
    const secret = printsEnvironment(inv, verb, compose, p);
    if (secret) return secret;
    const entry = READ.get(verb);
    if (!entry)
      return unknown(
        inv,
        `${family}.unknown-subcommand`,
        `${family} ${group === 'docker' ? '' : `${group} `}${verb} is not a subcommand the scanner knows.`,
      );
    const target = entry.level === 'safe' ? null : operands.join(' ') || null;
    return [finding(inv, entry.level, `${family}.${verb}`, entry.message, { target })];
  };
}

/**
 * Reads that print credentials (decision 0003, 0027): an inspect format that selects the
 * environment (`{{json .Config.Env}}`), and `compose config`, which resolves `.env` files and
 * the environment into the printed file (its listing options print names only).
 */
function printsEnvironment(inv: Invocation, verb: string, compose: boolean, p: ParsedArgs): Finding[] | null {
  if (verb === 'inspect' && /\.Env\b/.test(p.get('-f', '--format')?.value ?? '')) {
    return caution(
      inv,
      'secret.container-environment',
      'Prints the container’s environment, where credentials often live.',
    );
  }
  const listsOnly = p.has('-q', '--quiet', '--services', '--volumes', '--images', '--profiles', '--networks', '--hash');
  if (compose && verb === 'config' && !listsOnly) {
    return caution(
      inv,
      'secret.compose-config',
      'Prints the resolved compose file, with values from .env files and the environment filled in.',
    );
  }
  return null;
}

const crictlArgs = argParser({
  valued: [
    '-r',
    '--runtime-endpoint',
    '-i',
    '--image-endpoint',
    '-c',
    '--config',
    '-t',
    '--timeout',
    '--name',
    '--state',
    '--label',
    '-o',
    '--output',
    '--since',
    '--tail',
  ],
});

const crictl: Rule = (inv, ctx) => {
  const p = crictlArgs.parse(inv.args);
  const verb = p.positionals[0]?.value ?? '';
  if (/^(ps|pods|images|img|logs|inspect|inspectp|inspecti|stats|statsp|info|version|imagefsinfo|config)$/.test(verb)) {
    return safe(inv, 'crictl.read', `crictl ${verb} only reads.`);
  }
  if (verb === 'exec') {
    const payload = p.sawDoubleDash ? p.rest : p.positionals.slice(2);
    return [
      finding(inv, 'caution', 'crictl.exec', 'Runs a command inside a container.'),
      ...(payload.length ? ctx.scanArgv(payload) : []),
    ];
  }
  if (/^(rm|rmp|rmi)$/.test(verb) && p.has('-a', '--all'))
    return dangerous(inv, 'crictl.rm-all', 'Removes every container or pod on the node.');
  return caution(inv, 'crictl.change', `crictl ${verb} changes container state.`);
};

export const dockerRules: RuleTable = {
  docker: docker('docker'),
  podman: docker('podman'),
  nerdctl: docker('nerdctl'),
  'docker-compose': docker('docker-compose'),
  'podman-compose': docker('docker-compose'),
  crictl,
};
