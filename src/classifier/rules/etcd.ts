import { argParser } from './args.js';
import { asksForHelp, helpFinding } from './common.js';
import { caution, dangerous, type Rule, type RuleTable, safe, unknown } from './rule.js';

const etcdArgs = argParser({
  valued: [
    '--endpoints',
    '--cacert',
    '--cert',
    '--key',
    '--user',
    '--password',
    '-w',
    '--write-out',
    '--dial-timeout',
    '--command-timeout',
    '--keepalive-time',
    '--keepalive-timeout',
    '--discovery-srv',
    '--limit',
    '--rev',
    '--sort-by',
    '--order',
    '--data-dir',
    '--name',
    '--initial-cluster',
    '--initial-cluster-token',
    '--initial-advertise-peer-urls',
    '--peer-urls',
    '--lease',
    '--ttl',
    '--load',
  ],
});

/**
 * etcdctl (decision 0015): reads and health checks are safe; put, defrag and member
 * changes are caution; deleting keys (under Kubernetes they are API objects), removing
 * members and restoring snapshots are dangerous.
 */
const etcdctl: Rule = (inv) => {
  if (asksForHelp(inv.args, ['-h'])) return helpFinding(inv, 'etcdctl');
  const p = etcdArgs.parse(inv.args);
  const [command, sub, third] = p.positionals.map((w) => w.value);
  const key = p.positionals[1]?.value ?? null;
  switch (command) {
    case 'get':
    case 'watch': {
      const keysOnly = p.has('--keys-only', '--count-only');
      const wide = p.has('--from-key') || (p.has('--prefix') && /^\/?(registry\/?)?$/.test(key ?? ''));
      if (!keysOnly && (wide || /secret/i.test(key ?? ''))) {
        return caution(inv, 'secret.etcd', 'Prints stored values, Kubernetes Secrets included, into the channel.', {
          target: key,
        });
      }
      return safe(inv, `etcd.${command}`, `etcdctl ${command} only reads.`);
    }
    case 'version':
      return safe(inv, `etcd.${command}`, `etcdctl ${command} only reads.`);
    case 'endpoint':
      return sub === 'status' || sub === 'health' || sub === 'hashkv'
        ? safe(inv, 'etcd.endpoint', 'Reads endpoint status.')
        : unknown(inv, 'etcd.unknown-subcommand', `etcdctl endpoint ${sub ?? ''} is not known.`);
    case 'member':
      if (sub === 'list') return safe(inv, 'etcd.member-list', 'Lists members.');
      if (sub === 'remove')
        return dangerous(inv, 'etcd.member-remove', 'Removes a member from the cluster; quorum may be lost.', {
          target: third ?? null,
        });
      return caution(inv, `etcd.member-${sub ?? 'change'}`, `Changes cluster membership (${sub ?? ''}).`, {
        target: third ?? null,
      });
    case 'alarm':
      return sub === 'list'
        ? safe(inv, 'etcd.alarm-list', 'Lists alarms.')
        : caution(inv, 'etcd.alarm-disarm', 'Disarms alarms (writes resume).');
    case 'put':
      return caution(inv, 'etcd.put', 'Writes a key directly (under Kubernetes, behind the API server’s back).', {
        target: key,
      });
    case 'del':
      return dangerous(
        inv,
        'etcd.del',
        p.has('--prefix', '--from-key')
          ? 'Deletes every key under the prefix.'
          : 'Deletes a key directly; under Kubernetes that is an API object.',
        { target: key },
      );
    case 'defrag':
      return caution(
        inv,
        'etcd.defrag',
        p.has('--cluster')
          ? 'Defragments every member; each blocks while it runs.'
          : 'Defragments a member, which blocks it while it runs.',
      );
    case 'compact':
    case 'compaction':
      return caution(inv, 'etcd.compact', 'Discards key history before a revision.');
    case 'snapshot':
      if (sub === 'status') return safe(inv, 'etcd.snapshot-status', 'Reads a snapshot file.');
      if (sub === 'save')
        return caution(inv, 'etcd.snapshot-save', 'Writes every key (Kubernetes Secrets included) to a local file.', {
          target: third ?? null,
        });
      if (sub === 'restore')
        return dangerous(
          inv,
          'etcd.snapshot-restore',
          'Restores a snapshot into a new data directory, the start of replacing cluster data.',
          { target: third ?? null },
        );
      return unknown(inv, 'etcd.unknown-subcommand', `etcdctl snapshot ${sub ?? ''} is not known.`);
    case 'lease':
      if (sub === 'list' || sub === 'timetolive') return safe(inv, 'etcd.lease-read', 'Reads leases.');
      if (sub === 'revoke')
        return dangerous(inv, 'etcd.lease-revoke', 'Revokes a lease and deletes every key attached to it.', {
          target: third ?? null,
        });
      return caution(inv, `etcd.lease-${sub ?? 'change'}`, 'Changes leases.');
    case 'user':
    case 'role':
      return sub === 'list' || sub === 'get'
        ? safe(inv, `etcd.${command}-read`, 'Reads access control.')
        : caution(inv, `etcd.${command}-change`, 'Changes access control.');
    case 'auth':
      return sub === 'status'
        ? safe(inv, 'etcd.auth-status', 'Reads auth status.')
        : caution(inv, 'etcd.auth-change', 'Enables or disables authentication.');
    case 'check':
      return caution(inv, 'etcd.check', 'Generates load on the cluster to measure it.');
    case 'move-leader':
      return caution(inv, 'etcd.move-leader', 'Moves leadership to another member.');
    case 'downgrade':
      return dangerous(inv, 'etcd.downgrade', 'Downgrades the cluster version.');
    case 'txn':
      return unknown(inv, 'etcd.txn', 'Runs a transaction read from stdin.');
    default:
      return command == null
        ? unknown(inv, 'etcd.dynamic', 'No etcdctl command to classify.')
        : unknown(inv, 'etcd.unknown-command', `etcdctl ${command} is not a command the scanner knows.`);
  }
};

const etcdutl: Rule = (inv) => {
  const [command] = inv.args.map((a) => a.value);
  if (command === 'version' || (command === 'snapshot' && inv.args[1]?.value === 'status'))
    return safe(inv, 'etcd.read', 'Reads.');
  if (command === 'snapshot' && inv.args[1]?.value === 'restore')
    return dangerous(inv, 'etcd.snapshot-restore', 'Restores a snapshot into a data directory.');
  return caution(inv, 'etcdutl.change', 'Operates on an etcd data directory.');
};

export const etcdRules: RuleTable = { etcdctl, etcdutl };
