import type { Invocation } from '../scanner/invocation.js';
import type { RiskLevel } from '../types.js';
import { argParser } from './args.js';
import { caution, dangerous, finding, type Rule, type RuleTable, safe, unknown } from './rule.js';

/**
 * Kafka and RabbitMQ tools: listings and descriptions are safe; creating, altering and
 * producing are caution; deleting topics, queues or groups and purging are dangerous.
 */
function has(inv: Invocation, ...names: string[]): boolean {
  return inv.args.some((a) => a.value !== null && names.some((n) => a.value === n || a.value!.startsWith(`${n}=`)));
}

function option(inv: Invocation, name: string): string | null {
  const i = inv.args.findIndex((a) => a.value === name);
  return i >= 0 ? (inv.args[i + 1]?.value ?? null) : null;
}

const kafkaTopics: Rule = (inv) => {
  const target = option(inv, '--topic');
  if (has(inv, '--delete'))
    return dangerous(inv, 'kafka.topic-delete', 'Deletes a topic and every message in it.', { target });
  if (has(inv, '--create', '--alter'))
    return caution(inv, 'kafka.topic-change', 'Creates or alters a topic.', { target });
  if (has(inv, '--list', '--describe', '--help', '--version'))
    return safe(inv, 'kafka.read', 'Lists or describes topics.');
  return unknown(inv, 'kafka.no-action', 'No kafka-topics action given.');
};

const kafkaConsumerGroups: Rule = (inv) => {
  const target = option(inv, '--group');
  if (has(inv, '--delete', '--delete-offsets'))
    return dangerous(inv, 'kafka.group-delete', 'Deletes a consumer group or its offsets.', { target });
  if (has(inv, '--reset-offsets')) {
    return has(inv, '--execute')
      ? caution(inv, 'kafka.reset-offsets', 'Moves a group’s offsets: consumers skip or replay messages.', { target })
      : safe(inv, 'kafka.reset-offsets-dry-run', 'Without --execute, reset-offsets only shows the plan.', { target });
  }
  return safe(inv, 'kafka.read', 'Lists or describes consumer groups.');
};

const rabbitmqctl: Rule = (inv) => {
  const verb = inv.args.find((a) => a.value === null || !a.value.startsWith('-'))?.value ?? 'status';
  if (verb === null) return unknown(inv, 'rabbitmq.dynamic', 'The command is only known at run time.');
  if (
    /^(list_|status$|cluster_status$|environment$|report$|node_health_check$|ping$|version$|help$|await_startup$)/.test(
      verb,
    )
  ) {
    return safe(inv, 'rabbitmq.read', `rabbitmqctl ${verb} only reads.`);
  }
  if (
    /^(purge_queue|delete_queue|delete_user|delete_vhost|reset|force_reset|forget_cluster_node|stop|clear_permissions|delete_policy)$/.test(
      verb,
    )
  ) {
    return dangerous(inv, 'rabbitmq.destroy', `rabbitmqctl ${verb} deletes messages, users or node state.`);
  }
  if (verb === 'eval') return unknown(inv, 'rabbitmq.eval', 'Evaluates Erlang code.');
  return caution(inv, 'rabbitmq.change', `rabbitmqctl ${verb} changes broker state.`);
};

const kcat: Rule = (inv) => {
  if (has(inv, '-P')) return caution(inv, 'kafka.produce', 'Produces messages.');
  if (has(inv, '-G')) return caution(inv, 'kafka.consume-group', 'Consumes as a group and commits offsets.');
  return safe(inv, 'kafka.read', 'Reads metadata or messages.');
};

/** An action flag decides: the first listed flag present wins, in order of severity. */
function byAction(
  family: string,
  actions: ReadonlyArray<readonly [string, RiskLevel, string]>,
  none: readonly [RiskLevel, string],
): Rule {
  return (inv) => {
    for (const [flag, level, message] of actions) {
      if (has(inv, flag))
        return [
          finding(inv, level, `kafka.${family}`, message, { target: option(inv, '--topic') ?? option(inv, '--group') }),
        ];
    }
    return [finding(inv, none[0], `kafka.${family}`, none[1])];
  };
}

const kafkaReassign = byAction(
  'reassign',
  [
    ['--execute', 'caution', 'Moves partitions between brokers (heavy replication traffic).'],
    ['--cancel', 'caution', 'Cancels a reassignment.'],
    ['--verify', 'safe', 'Checks a reassignment.'],
    ['--generate', 'safe', 'Proposes a reassignment without applying it.'],
    ['--list', 'safe', 'Lists reassignments.'],
  ],
  ['unknown', 'No kafka-reassign-partitions action given.'],
);

const kafkaAcls = byAction(
  'acls',
  [
    ['--remove', 'caution', 'Removes ACLs: clients may lose access.'],
    ['--add', 'caution', 'Adds ACLs.'],
    ['--list', 'safe', 'Lists ACLs.'],
  ],
  ['unknown', 'No kafka-acls action given.'],
);

/** kafka-storage format wipes a log directory's metadata; info and random-uuid read. */
const kafkaStorage: Rule = (inv) => {
  const verb = inv.args.find((a) => a.value === null || !a.value.startsWith('-'))?.value ?? null;
  if (verb === 'info' || verb === 'random-uuid' || verb === 'version')
    return safe(inv, 'kafka.storage-read', `kafka-storage ${verb} only reads.`);
  if (verb === 'format') return dangerous(inv, 'kafka.storage-format', 'Formats Kafka log directories.');
  return unknown(inv, 'kafka.storage', `kafka-storage ${verb ?? ''} is not known.`);
};

/** A subcommand word decides (`kafka-metadata-quorum describe`, `kafka-features describe`). */
const kafkaToolArgs = argParser({
  valued: [
    '--bootstrap-server',
    '--bootstrap-controller',
    '--command-config',
    '--config',
    '--cluster-id',
    '--feature',
    '--release-version',
    '--transactional-id',
    '--producer-id',
    '--topic',
    '--partition',
    '--broker-id',
    '--metadata',
  ],
});

function bySubcommand(family: string, reads: readonly string[], changes: readonly string[]): Rule {
  return (inv) => {
    const verb = kafkaToolArgs.parse(inv.args).positionals[0]?.value ?? null;
    if (verb !== null && reads.includes(verb))
      return safe(inv, `kafka.${family}-read`, `${inv.name} ${verb} only reads.`);
    if (verb !== null && changes.includes(verb))
      return caution(inv, `kafka.${family}-change`, `${inv.name} ${verb} changes the cluster.`);
    return unknown(inv, `kafka.${family}`, `${inv.name} ${verb ?? ''} is not known.`);
  };
}

const kafkaRead =
  (message: string): Rule =>
  (inv) =>
    safe(inv, 'kafka.read', message);
const kafkaChange =
  (message: string): Rule =>
  (inv) =>
    caution(inv, 'kafka.change', message);

/** zookeeper-shell host cmd…: reads (ls, get, stat) or writes; no command is an interactive shell. */
const zookeeperShell: Rule = (inv) => {
  const words = inv.args.filter((a) => a.value === null || !a.value.startsWith('-'));
  const verb = words[1]?.value ?? null;
  if (words.length < 2) return caution(inv, 'session.interactive', 'Opens an interactive ZooKeeper shell.');
  if (verb && /^(ls|ls2|get|stat|getAcl|getAllChildrenNumber|getEphemerals|config|whoami|version|srvr)$/.test(verb))
    return safe(inv, 'zookeeper.read', `zookeeper-shell ${verb} only reads.`);
  if (verb && /^(delete|deleteall|rmr|delquota)$/.test(verb))
    return dangerous(inv, 'zookeeper.delete', `zookeeper-shell ${verb} deletes znodes.`, {
      target: words[2]?.value ?? null,
    });
  return caution(inv, 'zookeeper.change', `zookeeper-shell ${verb ?? ''} changes znodes.`);
};

export const messagingRules: RuleTable = {
  'kafka-reassign-partitions': kafkaReassign,
  'kafka-acls': kafkaAcls,
  'kafka-storage': kafkaStorage,
  'kafka-metadata-quorum': bySubcommand('quorum', ['describe'], ['add-controller', 'remove-controller']),
  'kafka-features': bySubcommand(
    'features',
    ['describe', 'version-mapping', 'feature-dependencies'],
    ['upgrade', 'downgrade', 'disable'],
  ),
  'kafka-cluster': bySubcommand('cluster', ['cluster-id'], ['unregister']),
  'kafka-transactions': bySubcommand(
    'transactions',
    ['list', 'describe', 'describe-producers', 'find-hanging'],
    ['abort'],
  ),
  'kafka-log-dirs': kafkaRead('Describes log directories.'),
  'kafka-broker-api-versions': kafkaRead('Lists the API versions brokers support.'),
  'kafka-get-offsets': kafkaRead('Prints partition offsets.'),
  'kafka-dump-log': kafkaRead('Prints the content of log segment files.'),
  'kafka-replica-verification': kafkaRead('Checks that replicas hold the same data.'),
  'kafka-metadata-shell': (inv) => caution(inv, 'session.interactive', 'Opens an interactive metadata shell.'),
  'kafka-leader-election': kafkaChange('Moves partition leadership.'),
  'kafka-preferred-replica-election': kafkaChange('Moves partition leadership.'),
  'kafka-server-start': kafkaChange('Starts a broker.'),
  'kafka-server-stop': kafkaChange('Stops the brokers on this host.'),
  'zookeeper-server-start': kafkaChange('Starts ZooKeeper.'),
  'zookeeper-server-stop': kafkaChange('Stops ZooKeeper on this host.'),
  'kafka-producer-perf-test': kafkaChange('Produces benchmark messages.'),
  'kafka-consumer-perf-test': kafkaChange('Consumes messages as a benchmark group.'),
  'kafka-verifiable-producer': kafkaChange('Produces test messages.'),
  'kafka-verifiable-consumer': kafkaChange('Consumes as a test group.'),
  'kafka-mirror-maker': kafkaChange('Mirrors topics between clusters.'),
  'kafka-delete-records': (inv) => dangerous(inv, 'kafka.delete-records', 'Deletes records up to the given offsets.'),
  'zookeeper-shell': zookeeperShell,
  'kafka-topics': kafkaTopics,
  'kafka-topics.sh': kafkaTopics,
  'kafka-consumer-groups': kafkaConsumerGroups,
  'kafka-consumer-groups.sh': kafkaConsumerGroups,
  'kafka-configs': (inv) =>
    has(inv, '--alter')
      ? caution(inv, 'kafka.config-change', 'Changes configuration.')
      : safe(inv, 'kafka.read', 'Describes configuration.'),
  'kafka-console-consumer': (inv) =>
    has(inv, '--group')
      ? caution(inv, 'kafka.consume-group', 'Consumes as a named group and commits its offsets.')
      : safe(inv, 'kafka.read', 'Reads messages.'),
  'kafka-console-producer': (inv) => caution(inv, 'kafka.produce', 'Produces messages.'),
  kcat,
  kafkacat: kcat,
  rabbitmqctl,
  'rabbitmq-diagnostics': (inv) => safe(inv, 'rabbitmq.read', 'Runs diagnostics.'),
};
