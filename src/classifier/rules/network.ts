import type { Word } from '../scanner/word.js';
import { argParser } from './args.js';
import { caution, dangerous, finding, type Rule, type RuleTable, safe } from './rule.js';

const LOOKUPS: Record<string, string> = {
  dig: 'Looks up DNS records.',
  nslookup: 'Looks up DNS records.',
  host: 'Looks up DNS records.',
  drill: 'Looks up DNS records.',
  kdig: 'Looks up DNS records.',
  whois: 'Looks up registration data.',
  ping: 'Sends ICMP echo requests.',
  ping6: 'Sends ICMP echo requests.',
  fping: 'Sends ICMP echo requests.',
  traceroute: 'Traces the route to a host.',
  traceroute6: 'Traces the route to a host.',
  tracepath: 'Traces the route to a host.',
  mtr: 'Traces the route to a host.',
  netstat: 'Lists sockets and routes.',
  iftop: 'Shows bandwidth by connection.',
  nload: 'Shows bandwidth.',
  bmon: 'Shows bandwidth.',
  vnstat: 'Shows traffic statistics.',
  'ssh-keyscan': 'Fetches public host keys.',
  nethogs: 'Shows bandwidth by process.',
  ifstat: 'Shows interface statistics.',
};

const lookups: Record<string, Rule> = {};
for (const [name, message] of Object.entries(LOOKUPS)) lookups[name] = (inv) => safe(inv, 'network.read', message);

const ping: Rule = (inv) =>
  inv.args.some((a) => a.value === '-f')
    ? caution(inv, 'network.flood', 'Flood ping: a burst of traffic at the target.')
    : safe(inv, 'network.read', 'Sends ICMP echo requests.');

const IP_OBJECT_ALIASES: Record<string, string> = {
  a: 'address',
  addr: 'address',
  address: 'address',
  r: 'route',
  ro: 'route',
  route: 'route',
  l: 'link',
  li: 'link',
  link: 'link',
  n: 'neigh',
  neigh: 'neigh',
  neighbor: 'neigh',
  neighbour: 'neigh',
  ru: 'rule',
  rule: 'rule',
};
const IP_READ_VERBS = new Set(['show', 'sh', 'list', 'ls', 'lst', 'l', 'get', 'monitor', 'help', 'identify', 'pids']);

const ipArgs = argParser({
  valued: ['-n', '-netns', '-f', '-family', '-b', '-batch', '-rc', '-rcvbuf', '-l', '-loops'],
  singleDashLong: true,
});

/**
 * ip: show/list/get read; flush and `link set … down` cut connectivity (dangerous); other
 * changes are caution; `ip netns exec NS cmd` runs a payload.
 */
const ip: Rule = (inv, ctx) => {
  const p = ipArgs.parse(inv.args);
  if (p.has('-b', '-batch'))
    return [finding(inv, 'unknown', 'ip.batch', 'Runs ip commands from a file whose content is unseen.')];
  const [object, verb, ...rest] = p.positionals;
  if (!object) return safe(inv, 'ip.read', 'Prints usage.');
  if (object.value === 'netns' && verb?.value === 'exec') return ctx.scanArgv(rest.slice(1).concat(p.rest));
  if (object.value === 'monitor') return safe(inv, 'ip.read', 'Watches network changes.');
  const v = verb?.value ?? 'show';
  if (v === null) return caution(inv, 'ip.change', 'Changes network configuration (verb known only at run time).');
  if (IP_READ_VERBS.has(v) || (object.value === 'netns' && v === 'list'))
    return safe(inv, 'ip.read', `Shows ${IP_OBJECT_ALIASES[object.value ?? ''] ?? object.raw}.`);
  const target = rest[0]?.value ?? rest[0]?.raw ?? null;
  if (v === 'flush')
    return dangerous(inv, 'ip.flush', `Flushes every ${object.raw} entry; connectivity can be lost at once.`, {
      target,
    });
  if (IP_OBJECT_ALIASES[object.value ?? ''] === 'link' && v === 'set' && rest.some((w) => w.value === 'down')) {
    return dangerous(inv, 'ip.link-down', `Takes the interface ${target ?? ''} down; remote access over it is lost.`, {
      target,
    });
  }
  if (IP_OBJECT_ALIASES[object.value ?? ''] === 'route' && /^del/.test(v) && rest.some((w) => w.value === 'default')) {
    return dangerous(
      inv,
      'ip.default-route-delete',
      'Deletes the default route; the host loses outside connectivity.',
      { target: 'default' },
    );
  }
  return caution(inv, 'ip.change', `Changes network configuration (ip ${object.raw} ${v}).`, { target });
};

const ifconfig: Rule = (inv) => {
  const positional = inv.args.filter((a) => a.value === null || !a.value.startsWith('-'));
  if (positional.length <= 1) return safe(inv, 'network.read', 'Shows interfaces.');
  if (positional.some((w) => w.value === 'down')) {
    return dangerous(inv, 'ifconfig.down', `Takes ${positional[0]!.raw} down; remote access over it is lost.`, {
      target: positional[0]!.value,
    });
  }
  return caution(inv, 'ifconfig.change', 'Changes interface configuration.', { target: positional[0]!.value });
};

const route: Rule = (inv) => {
  const verb = inv.args.find((a) => a.value === null || !a.value.startsWith('-'));
  if (!verb) return safe(inv, 'network.read', 'Shows the routing table.');
  return verb.value === 'del' && inv.args.some((a) => a.value === 'default')
    ? dangerous(inv, 'route.default-delete', 'Deletes the default route.')
    : caution(inv, 'route.change', 'Changes the routing table.');
};

const ss: Rule = (inv) =>
  inv.args.some((a) => a.value === '-K' || a.value === '--kill' || (a.value !== null && /^-[a-zA-Z]*K/.test(a.value)))
    ? caution(inv, 'ss.kill', 'Forcibly closes matching sockets.')
    : safe(inv, 'network.read', 'Lists sockets.');

/** nc -z only probes a port; otherwise it sends whatever it is given to a service. */
const netcat: Rule = (inv) => {
  const p = argParser({ valued: ['-w', '-i', '-p', '-s', '-q', '-x', '-X', '-T', '-e', '-c'] }).parse(inv.args);
  if (p.has('-e', '-c')) {
    // `-c` is always a shell command line; `-e /bin/sh` hands a shell to whoever is at the other end.
    const program = p.get('-e')?.value ?? null;
    return p.has('-c') || program === null || /(^|\/)(ba|da|z|k|a|c|tc)?sh$/.test(program)
      ? dangerous(inv, 'nc.shell', 'Hands a shell on this host to whoever is at the other end of the connection.')
      : caution(inv, 'nc.exec', 'Connects a program to the network.');
  }
  if (p.has('-l', '--listen')) return caution(inv, 'nc.listen', 'Listens for incoming connections.');
  if (p.has('-z')) {
    return p.positionals.slice(1).some((w) => w.value === null || /^\d+-\d+$/.test(w.value))
      ? caution(inv, 'nc.scan', 'Probes a range of ports: a port scan.')
      : safe(inv, 'nc.probe', 'Only checks whether a port accepts connections.');
  }
  return caution(inv, 'nc.send', 'Sends its input to a network service, whose reaction is unknown.', {
    target: p.positionals[0]?.value ?? null,
  });
};

const arp: Rule = (inv) =>
  inv.args.some((a) => a.value !== null && /^(-d|-s|-f|--delete|--set|--file)$/.test(a.value))
    ? caution(inv, 'arp.change', 'Changes the ARP cache.')
    : safe(inv, 'network.read', 'Shows the ARP cache.');

const ETHTOOL_DANGEROUS = /^(-f|--flash|-E|--change-eeprom)$/;
const ETHTOOL_CHANGE =
  /^(-s|--change|-K|--features|--offload|-G|--set-ring|-L|--set-channels|-A|--pause|-C|--coalesce|-r|--negotiate|-p|--identify|--reset|-X|--set-rxfh-indir|-N|-U|--config-nfc|--set-.*)$/;
const ethtool: Rule = (inv) => {
  if (inv.args.some((a) => a.value !== null && ETHTOOL_DANGEROUS.test(a.value)))
    return dangerous(inv, 'ethtool.firmware', 'Writes NIC firmware or EEPROM.');
  if (inv.args.some((a) => a.value !== null && ETHTOOL_CHANGE.test(a.value)))
    return caution(inv, 'ethtool.change', 'Changes NIC settings.');
  return safe(inv, 'ethtool.read', 'Shows NIC settings and statistics.');
};

/** Packet capture: sensitive traffic and root access (decision 0011). Listing interfaces is safe. */
const capture: Rule = (inv) => {
  if (inv.args.some((a) => a.value !== null && /^(-D|--list-interfaces|--version|-h|--help)$/.test(a.value))) {
    return safe(inv, 'capture.list', 'Lists capture interfaces.');
  }
  if (inv.args.some((a) => a.value === '-z'))
    return [
      finding(inv, 'unknown', 'capture.postrotate-command', 'Runs a program on every rotated capture file (-z).'),
    ];
  const readsFile = inv.args.some((a) => a.value === '-r');
  const writesFile = inv.args.some((a) => a.value === '-w');
  if (readsFile && !writesFile) return safe(inv, 'capture.read-file', 'Prints packets from a saved capture file.');
  return caution(
    inv,
    'capture.live',
    'Captures live traffic: it can contain credentials and personal data, and needs root.',
  );
};

const nmcli: Rule = (inv) => {
  const words = inv.args.filter((a) => a.value === null || !a.value.startsWith('-')).map((a) => a.value ?? '');
  if (
    words.length === 0 ||
    words.every((w) =>
      /^(general|g|status|device|d|dev|connection|c|con|show|s|list|monitor|radio|r|all|wifi|permissions|logging|hostname)$/.test(
        w,
      ),
    )
  ) {
    return safe(inv, 'nmcli.read', 'Shows network manager state.');
  }
  if ((words.includes('networking') && words.includes('off')) || words.some((w) => /^(down|disconnect)$/.test(w))) {
    return dangerous(inv, 'nmcli.down', 'Takes a connection or all networking down; remote access can be lost.');
  }
  return caution(inv, 'nmcli.change', 'Changes network manager configuration.');
};

function showOrChange(family: string, readVerbs: RegExp, dangerousVerbs?: RegExp): Rule {
  return (inv) => {
    const words: Word[] = inv.args.filter((a) => a.value === null || !a.value.startsWith('-'));
    const flags = inv.args.filter((a) => a.value?.startsWith('-')).map((a) => a.value!);
    if (dangerousVerbs && [...words.map((w) => w.value ?? ''), ...flags].some((w) => dangerousVerbs.test(w))) {
      return dangerous(inv, `${family}.flush`, `${family} clears state that live traffic depends on.`);
    }
    const changes =
      words.some((w) => w.value === null || !readVerbs.test(w.value)) && !flags.some((f) => readVerbs.test(f));
    return changes
      ? caution(inv, `${family}.change`, `${family} changes network configuration.`)
      : safe(inv, `${family}.read`, `${family} only shows state.`);
  };
}

const conntrack: Rule = (inv) => {
  const flags = inv.args.map((a) => a.value ?? '');
  if (flags.some((f) => /^(-F|--flush)$/.test(f)))
    return caution(inv, 'conntrack.flush', 'Flushes connection tracking; established NAT flows may break.');
  if (flags.some((f) => /^(-D|--delete|-I|--create|-U|--update)$/.test(f)))
    return caution(inv, 'conntrack.change', 'Changes connection tracking entries.');
  return safe(inv, 'conntrack.read', 'Lists connection tracking entries.');
};

const wg: Rule = (inv) => {
  const verb = inv.args[0]?.value ?? 'show';
  if (verb === 'show' && !inv.args.some((a) => a.value === 'private-key' || a.value === 'preshared-keys'))
    return safe(inv, 'wg.read', 'Shows WireGuard status.');
  if (verb === 'showconf' || verb === 'show' || verb === 'genkey' || verb === 'genpsk') {
    return caution(inv, 'secret.wireguard', 'Prints WireGuard private key material.');
  }
  if (verb === 'pubkey') return safe(inv, 'wg.read', 'Derives a public key.');
  return caution(inv, 'wg.change', 'Changes WireGuard configuration.');
};

export const networkRules: RuleTable = {
  ...lookups,
  ping,
  ping6: ping,
  ip,
  ifconfig,
  ifup: (inv) => caution(inv, 'ifup.up', 'Brings an interface up.'),
  ifdown: (inv) => dangerous(inv, 'ifdown.down', 'Takes an interface down; remote access over it is lost.'),
  route,
  ss,
  nc: netcat,
  ncat: netcat,
  netcat,
  telnet: (inv) => caution(inv, 'session.interactive', 'Opens an interactive network session.'),
  socat: (inv) => caution(inv, 'socat.relay', 'Relays data between endpoints (it can also run programs).'),
  arp,
  arping: (inv) =>
    inv.args.some((a) => a.value === '-U' || a.value === '-A')
      ? caution(inv, 'arping.announce', 'Sends gratuitous ARP, which moves traffic between hosts.')
      : safe(inv, 'network.read', 'Probes a host with ARP.'),
  ethtool,
  tcpdump: capture,
  tshark: capture,
  dumpcap: capture,
  nmap: (inv) => caution(inv, 'nmap.scan', 'Actively scans hosts; intrusive and may trip security alarms.'),
  nmcli,
  tc: showOrChange('tc', /^(show|ls|list|qdisc|class|filter|-s|-d|-j|-p|dev|[a-z]+\d+|eth\d+)$/),
  conntrack,
  ipvsadm: showOrChange('ipvsadm', /^(-L|-l|--list|-n|--numeric|-S|--save|--stats|--rate)$/, /^(-C|--clear)$/),
  bridge: showOrChange('bridge', /^(link|fdb|mdb|vlan|show|monitor)$/),
  wg,
};
