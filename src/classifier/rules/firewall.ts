import type { Invocation } from '../scanner/invocation.js';
import { caution, dangerous, type Rule, type RuleTable, safe, unknown } from './rule.js';

/**
 * Firewalls (decision 0018): listing rules is safe; adding or deleting one rule is caution;
 * flushing, deleting chains, changing default policies, resetting or disabling are dangerous
 * (they can lock everyone out or open everything at once).
 */
const IPTABLES_READ =
  /^(-L|--list|-S|--list-rules|-C|--check|-V|--version|-h|--help|-n|--numeric|-v|--verbose|-x|--exact|--line-numbers|-t|--table)$/;
const IPTABLES_DANGEROUS = /^(-F|--flush|-X|--delete-chain|-P|--policy)$/;
const IPTABLES_CHANGE =
  /^(-A|--append|-I|--insert|-D|--delete|-R|--replace|-N|--new-chain|-E|--rename-chain|-Z|--zero)$/;

function flagsOf(inv: Invocation): string[] {
  const out: string[] = [];
  for (const a of inv.args) {
    const v = a.value ?? '';
    // Split clusters like -nvL into -n -v -L.
    if (/^-[a-zA-Z]{2,}$/.test(v)) for (const c of v.slice(1)) out.push(`-${c}`);
    else out.push(v);
  }
  return out;
}

const iptables: Rule = (inv) => {
  const flags = flagsOf(inv);
  const chain =
    inv.args.find(
      (_a, i) =>
        IPTABLES_CHANGE.test(inv.args[i - 1]?.value ?? '') || IPTABLES_DANGEROUS.test(inv.args[i - 1]?.value ?? ''),
    )?.value ?? null;
  if (flags.some((f) => IPTABLES_DANGEROUS.test(f)))
    return dangerous(
      inv,
      'firewall.flush',
      'Flushes rules, deletes chains or changes a default policy: all traffic is affected at once.',
      { target: chain },
    );
  if (flags.some((f) => IPTABLES_CHANGE.test(f)))
    return caution(inv, 'firewall.rule', 'Adds, removes or changes one firewall rule.', { target: chain });
  if (flags.some((f) => /^(-L|--list|-S|--list-rules|-C|--check|-V|--version|-h|--help)$/.test(f)))
    return safe(inv, 'firewall.list', 'Lists firewall rules.');
  if (flags.every((f) => IPTABLES_READ.test(f) || !f.startsWith('-')))
    return unknown(inv, 'firewall.no-action', 'No recognised iptables action.');
  return unknown(inv, 'firewall.unknown-option', 'An iptables option the scanner does not know.');
};

const iptablesRestore: Rule = (inv) =>
  inv.args.some((a) => a.value === '-t' || a.value === '--test')
    ? safe(inv, 'firewall.test', 'Only tests a rule set.')
    : dangerous(inv, 'firewall.restore', 'Replaces the whole rule set at once.');

const ufw: Rule = (inv) => {
  const words = inv.args.map((a) => a.value ?? '');
  if (words.includes('--dry-run')) return safe(inv, 'firewall.dry-run', 'Dry run.');
  const verb = words.find((w) => !w.startsWith('-')) ?? 'status';
  if (/^(status|show|version|help)$/.test(verb) || (verb === 'app' && words.includes('list')))
    return safe(inv, 'firewall.list', 'Shows firewall state.');
  if (verb === 'reset' || verb === 'disable')
    return dangerous(inv, 'firewall.reset', `ufw ${verb} removes protection or every rule at once.`);
  if (verb === 'default') return dangerous(inv, 'firewall.policy', 'Changes the default policy for all traffic.');
  return caution(inv, 'firewall.rule', `ufw ${verb} changes firewall rules.`);
};

const nft: Rule = (inv) => {
  const words = inv.args.map((a) => a.value ?? '');
  if (words.some((w) => w === '-c' || w === '--check')) return safe(inv, 'firewall.test', 'Only checks a rule set.');
  if (words.some((w) => w === '-f' || w === '--file'))
    return unknown(inv, 'firewall.file', 'Loads rules from a file whose content is unseen.');
  const verb = words.find((w) => !w.startsWith('-')) ?? 'list';
  if (verb === 'list' || verb === 'describe' || verb === 'monitor')
    return safe(inv, 'firewall.list', 'Lists nftables rules.');
  if (verb === 'flush' || (verb === 'delete' && (words.includes('table') || words.includes('chain'))))
    return dangerous(inv, 'firewall.flush', 'Flushes or deletes whole tables or chains.');
  return caution(inv, 'firewall.rule', `nft ${verb} changes firewall rules.`);
};

const firewallCmd: Rule = (inv) => {
  const flags = inv.args.map((a) => a.value ?? '');
  if (flags.some((f) => /^--panic-on$/.test(f))) return dangerous(inv, 'firewall.panic', 'Drops all network traffic.');
  if (
    flags.some((f) =>
      /^--(add|remove|change|set|new|delete|reload|complete-reload|runtime-to-permanent|permanent|direct|lockdown-on|lockdown-off|panic-off)/.test(
        f,
      ),
    )
  ) {
    return caution(inv, 'firewall.rule', 'Changes firewalld configuration.');
  }
  return safe(inv, 'firewall.list', 'Reads firewalld state.');
};

export const firewallRules: RuleTable = {
  iptables,
  ip6tables: iptables,
  'iptables-legacy': iptables,
  'iptables-nft': iptables,
  'iptables-save': (inv) => safe(inv, 'firewall.list', 'Prints the rule set.'),
  'ip6tables-save': (inv) => safe(inv, 'firewall.list', 'Prints the rule set.'),
  'iptables-restore': iptablesRestore,
  'ip6tables-restore': iptablesRestore,
  ufw,
  nft,
  'firewall-cmd': firewallCmd,
};
