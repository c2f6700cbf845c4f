import type { Invocation } from '../scanner/invocation.js';
import { caution, dangerous, type Rule, type RuleTable, safe, unknown } from './rule.js';

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

export const messagingRules: RuleTable = {
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
