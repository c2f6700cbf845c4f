import type { Invocation } from '../scanner/invocation.js';
import { caution, dangerous, type Rule, type RuleTable, safe, unknown } from './rule.js';
import { verbCli } from './verb-cli.js';

function words(inv: Invocation): string[] {
  return inv.args.filter((a) => a.value === null || !a.value.startsWith('-')).map((a) => a.value ?? '');
}

function flag(inv: Invocation, ...names: string[]): boolean {
  return inv.args.some((a) => a.value !== null && names.includes(a.value.replace(/=.*$/, '')));
}

/** consul: members, catalog, info and KV reads are safe; KV writes and maintenance caution; recursive deletes and restores dangerous. */
const consul: Rule = (inv) => {
  const [command = '', sub = ''] = words(inv);
  const target = words(inv).slice(2).join(' ') || null;
  if (/^(members|info|version|monitor|catalog|watch|validate|rtt)$/.test(command))
    return safe(inv, 'consul.read', `consul ${command} only reads.`);
  if (command === 'kv') {
    if (sub === 'get') return safe(inv, 'consul.kv-get', 'Reads keys.');
    if (sub === 'export') return caution(inv, 'secret.consul', 'Exports every key and value.');
    if (sub === 'delete')
      return flag(inv, '-recurse')
        ? dangerous(inv, 'consul.kv-delete-recurse', 'Deletes every key under the prefix.', { target })
        : caution(inv, 'consul.kv-delete', 'Deletes a key.', { target });
    return caution(inv, 'consul.kv-write', 'Writes keys.', { target });
  }
  if (command === 'snapshot')
    return sub === 'restore'
      ? dangerous(inv, 'consul.snapshot-restore', 'Replaces the cluster state with a snapshot.')
      : sub === 'inspect'
        ? safe(inv, 'consul.read', 'Inspects a snapshot.')
        : caution(inv, 'consul.snapshot-save', 'Writes cluster state, ACL tokens included, to a file.');
  if (command === 'operator' && sub === 'raft')
    return words(inv)[2] === 'list-peers'
      ? safe(inv, 'consul.read', 'Lists peers.')
      : dangerous(inv, 'consul.raft-change', 'Changes Raft membership.');
  if (command === 'operator' && sub === 'autopilot' && /^(state|get-config|health)$/.test(words(inv)[2] ?? ''))
    return safe(inv, 'consul.read', 'Shows autopilot state or configuration.');
  if (
    command === 'operator' &&
    (sub === 'usage' || sub === 'area' || sub === 'segment') &&
    /^(list|instances)$/.test(words(inv)[2] ?? sub)
  )
    return safe(inv, 'consul.read', `consul operator ${sub} only reads.`);
  if (command === 'force-leave' || command === 'leave')
    return caution(inv, `consul.${command}`, `consul ${command} removes an agent from the cluster.`);
  if (command === '') return unknown(inv, 'consul.incomplete', 'No consul command given.');
  return caution(inv, 'consul.change', `consul ${command} ${sub} changes cluster state.`);
};

/** nomad: status, logs and plan are safe; run/stop/scale/drain caution; purge and gc of jobs dangerous. */
const nomad: Rule = (inv) => {
  const [command = '', sub = ''] = words(inv);
  const target = words(inv)[2] ?? words(inv)[1] ?? null;
  if (/^(status|version|logs|monitor|agent-info|server-members|validate)$/.test(command))
    return safe(inv, 'nomad.read', `nomad ${command} only reads.`);
  if (
    /^(job|node|alloc|deployment|eval|namespace|volume|server|operator)$/.test(command) &&
    /^(status|inspect|history|plan|validate|logs|fs|list|members|deployments|allocs|info)$/.test(sub)
  ) {
    return safe(inv, 'nomad.read', `nomad ${command} ${sub} only reads.`);
  }
  if ((command === 'job' && sub === 'stop') || command === 'stop') {
    return flag(inv, '-purge')
      ? dangerous(inv, 'nomad.job-purge', 'Stops the job and purges it from the cluster.', { target })
      : caution(inv, 'nomad.job-stop', 'Stops the job; it can be run again.', { target });
  }
  if (command === '') return unknown(inv, 'nomad.incomplete', 'No nomad command given.');
  return caution(inv, 'nomad.change', `nomad ${command} ${sub} changes cluster state.`, { target });
};

/** packer: validation and inspection read; building images and installing plugins change things. */
const packer = verbCli({
  family: 'packer',
  args: { valued: ['-var', '-var-file', '-only', '-except', '-parallel-builds', '-on-error'], singleDashLong: true },
  commands: {
    safe: {
      validate: 'Validates a template.',
      inspect: 'Shows a template.',
      version: 'Prints the version.',
      fix: 'Prints a fixed template to stdout.',
      'plugins installed': 'Lists plugins.',
      'plugins required': 'Lists required plugins.',
    },
    caution: {
      build: 'Builds machine images (starts instances, creates images).',
      init: 'Installs plugins.',
      fmt: 'Rewrites template files in place.',
      console: 'Opens an interactive console.',
      hcl2_upgrade: 'Writes an upgraded template.',
      'plugins install': 'Installs a plugin.',
    },
    dangerous: { 'plugins remove': 'Removes a plugin.' },
  },
  refine: (inv, _ctx, cmd) =>
    cmd.path === 'fmt' && cmd.parsed.has('-check', '-diff')
      ? safe(inv, 'packer.fmt-check', 'Checks formatting without writing.')
      : null,
});

/** boundary: lists and reads are safe; connecting opens a session; deleting is dangerous. */
const boundary = verbCli({
  family: 'boundary',
  args: {
    valued: [
      '-scope-id',
      '-id',
      '-target-id',
      '-addr',
      '-format',
      '-token',
      '-keyring-type',
      '-auth-method-id',
      '-login-name',
      '-name',
      '-description',
      '-recursive',
      '-filter',
      '-host-id',
      '-exec',
    ],
    singleDashLong: true,
  },
  commands: {
    safe: {
      version: 'Prints the version.',
      '* list': 'Lists resources.',
      '* read': 'Shows a resource.',
      search: 'Searches resources.',
    },
    secret: { 'config get-token': 'Prints the stored token.' },
    caution: {
      connect: 'Opens a session to a target.',
      'connect *': 'Opens a session to a target.',
      authenticate: 'Logs in and stores a token.',
      'authenticate *': 'Logs in and stores a token.',
      '* create': 'Creates a resource.',
      '* update': 'Changes a resource.',
      'sessions cancel': 'Cancels a session.',
      dev: 'Starts a development server.',
      server: 'Starts a server.',
      logout: 'Logs out.',
    },
    dangerous: { '* delete': 'Deletes a resource.' },
  },
});

export const hashicorpRules: RuleTable = { consul, nomad, packer, boundary };
