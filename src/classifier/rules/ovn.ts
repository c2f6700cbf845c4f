import type { Invocation } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import type { Word } from '../scanner/word.js';
import { argParser } from './args.js';
import { asksForHelp, helpFinding } from './common.js';
import { finding, type Rule, type RuleTable } from './rule.js';
import { destructiveWordFinding } from './verb-cli.js';

/**
 * OVN and Open vSwitch database and flow tools (decision 0022). Their commands are verbs with
 * object prefixes (`ls-list`, `lsp-add`, `lr-route-del`, `del-br`), several per line joined
 * by `--`. Show, list, get and find read; add, set and create change the virtual network;
 * del, destroy, remove and clear take parts of it away. Each command is judged.
 */
const READ_COMMAND =
  /^list-|^(show|list|find|get|dump-flows|dump-ports|dump-ports-desc|dump-tables|dump-table-features|dump-groups|dump-group-features|dump-meters|dump-aggregate|queue-stats|snoop|monitor|br-exists|port-to-br|iface-to-br|sync|wait-until|version|--version|lflow-list|dump|chassis-list|get-connection|get-ssl|get-manager|get-controller|get-fail-mode)$|(^|-)(list|show|get|get-.*|exists)$/;
const CHANGE_COMMAND =
  /(^|-)(add|set|create|init|emer-reset|mod-flows|mod-port|mod-table|replace-flows|add-flow|add-flows|bind|unbind|enable|disable|reconnect)(-|$)/;

const ovsdbArgs = argParser({
  valued: [
    '--db',
    '-t',
    '--timeout',
    '-f',
    '--format',
    '--columns',
    '-d',
    '--data',
    '--id',
    '-p',
    '--private-key',
    '-c',
    '--certificate',
    '-C',
    '--ca-cert',
    '-O',
    '--protocols',
    '--may-exist',
    '--if-exists',
  ].filter((o) => o !== '--may-exist' && o !== '--if-exists'),
});

function judge(inv: Invocation, command: Word[]): Finding {
  const verb = command[0]?.value ?? null;
  if (verb === null) return finding(inv, 'unknown', 'ovn.dynamic', 'The command is only known at run time.');
  if (READ_COMMAND.test(verb)) return finding(inv, 'safe', 'ovn.read', `${inv.name} ${verb} only reads.`);
  const destroys =
    destructiveWordFinding(inv, [command[0]!], command[1] ?? null) ??
    (/(^|-)(clear|destroy)(-|$)/.test(verb)
      ? finding(inv, 'dangerous', 'verb.destructive', `${inv.name} ${verb} removes part of the virtual network.`, {
          target: command[1]?.value ?? null,
        })
      : null);
  if (destroys) return destroys;
  if (CHANGE_COMMAND.test(verb))
    return finding(inv, 'caution', 'ovn.change', `${inv.name} ${verb} changes the virtual network.`, {
      target: command[1]?.value ?? null,
    });
  return finding(inv, 'unknown', 'ovn.unknown-command', `${inv.name} ${verb} is not a command the scanner knows.`);
}

const ovsdbTool: Rule = (inv) => {
  if (asksForHelp(inv.args, ['-h', '-V'])) return helpFinding(inv, 'ovn');
  const commands: Word[][] = [[]];
  for (const word of inv.args) {
    if (word.value === '--') commands.push([]);
    else if (word.value === null || !word.value.startsWith('-') || commands[commands.length - 1]!.length > 0)
      commands[commands.length - 1]!.push(word);
  }
  const findings = commands
    .map((c) => ovsdbArgs.parse(c).positionals)
    .filter((c) => c.length > 0)
    .map((c) => judge(inv, c));
  return findings.length > 0
    ? findings
    : [finding(inv, 'safe', 'ovn.read', `${inv.name} with no command shows the database.`)];
};

/** `ovn-appctl`/`ovs-appctl` talk to a daemon: status and show commands read, others are unknown. */
const appctl: Rule = (inv) => {
  const command = inv.args.find((a) => a.value === null || !a.value.startsWith('-'));
  const verb = command?.value ?? null;
  if (verb === null) return [finding(inv, 'unknown', 'ovn.dynamic', 'The command is only known at run time.')];
  if (
    /(^|\/)(show|status|list|list-commands|version|dump.*|show-stats|connection-status|ct-zone-list|cluster-status|stats)$/.test(
      verb,
    )
  )
    return [finding(inv, 'safe', 'ovn.read', `${inv.name} ${verb} only reads.`)];
  return [finding(inv, 'unknown', 'ovn.appctl', `${inv.name} ${verb} is not a command the scanner knows.`)];
};

export const ovnRules: RuleTable = {
  'ovn-nbctl': ovsdbTool,
  'ovn-sbctl': ovsdbTool,
  'ovn-ic-nbctl': ovsdbTool,
  'ovn-ic-sbctl': ovsdbTool,
  'ovs-vsctl': ovsdbTool,
  'ovs-ofctl': ovsdbTool,
  'ovs-dpctl': ovsdbTool,
  'ovn-trace': (inv) => [finding(inv, 'safe', 'ovn.trace', 'Simulates a packet through the logical network.')],
  'ovn-detrace': (inv) => [finding(inv, 'safe', 'ovn.trace', 'Explains a flow trace.')],
  'ovn-appctl': appctl,
  'ovs-appctl': appctl,
};
