import type { Invocation } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import { argParser } from './args.js';
import { asksForHelp, helpFinding } from './common.js';
import { caution, dangerous, finding, type Rule, type RuleTable, safe, unknown, verbTable } from './rule.js';

/**
 * Units whose loss cuts access to the host or kills every workload on it. Stopping,
 * disabling, masking or killing one is dangerous; restarting one is caution (decision 0012).
 */
const CRITICAL_UNITS = new Set([
  'sshd',
  'ssh',
  'network',
  'networking',
  'NetworkManager',
  'systemd-networkd',
  'systemd-resolved',
  'dbus',
  'dbus-broker',
  'systemd-logind',
  'kubelet',
  'containerd',
  'docker',
  'crio',
  'cri-o',
  'etcd',
  'firewalld',
  'iptables',
  'nftables',
  'ufw',
]);

const VERBS = verbTable({
  safe: {
    status: 'Shows unit status.',
    show: 'Shows unit properties.',
    cat: 'Prints unit files.',
    'is-active': 'Checks whether a unit is active.',
    'is-enabled': 'Checks whether a unit is enabled.',
    'is-failed': 'Checks whether a unit failed.',
    'is-system-running': 'Checks system state.',
    'list-units': 'Lists units.',
    'list-unit-files': 'Lists unit files.',
    'list-sockets': 'Lists sockets.',
    'list-timers': 'Lists timers.',
    'list-jobs': 'Lists jobs.',
    'list-dependencies': 'Lists dependencies.',
    'list-machines': 'Lists machines.',
    'show-environment': 'Shows the manager environment.',
    'get-default': 'Shows the default target.',
    help: 'Shows unit documentation.',
  },
  caution: {
    start: 'Starts units.',
    restart: 'Restarts units: a brief interruption.',
    'try-restart': 'Restarts units if running.',
    'reload-or-restart': 'Reloads or restarts units.',
    'try-reload-or-restart': 'Reloads or restarts units.',
    condrestart: 'Restarts units if running.',
    reload: 'Reloads unit configuration.',
    'daemon-reload': 'Reloads unit definitions.',
    'daemon-reexec': 'Re-executes the service manager.',
    enable: 'Enables units at boot.',
    reenable: 'Re-enables units.',
    'reset-failed': 'Clears failed state.',
    'set-property': 'Changes unit properties at run time.',
    preset: 'Resets enablement to presets.',
    revert: 'Reverts unit file changes.',
    edit: 'Edits unit files.',
    'set-environment': 'Changes the manager environment.',
    'unset-environment': 'Changes the manager environment.',
    'import-environment': 'Changes the manager environment.',
    link: 'Links a unit file.',
    unmask: 'Unmasks units.',
    'set-default': 'Changes the default boot target.',
    stop: 'Stops units; they can be started again.',
    disable: 'Disables units at boot.',
    mask: 'Masks units so nothing can start them.',
    kill: 'Sends a signal to unit processes.',
    freeze: 'Freezes units.',
    thaw: 'Thaws units.',
    reboot: 'Reboots the host.',
    'soft-reboot': 'Restarts userspace.',
    suspend: 'Suspends the host.',
    hibernate: 'Hibernates the host.',
  },
  dangerous: {
    poweroff: 'Powers off the host.',
    halt: 'Halts the host.',
    kexec: 'Boots straight into another kernel.',
    isolate: 'Switches target, stopping every unit not in it.',
    rescue: 'Enters rescue mode, stopping services.',
    emergency: 'Enters emergency mode, stopping services.',
    default: 'Switches to the default target.',
  },
});

/** Verbs that take a critical unit away rather than bouncing it. */
const TAKES_AWAY = new Set(['stop', 'disable', 'mask', 'kill', 'freeze']);

const systemctlArgs = argParser({
  valued: [
    '-t',
    '--type',
    '-p',
    '--property',
    '--state',
    '-H',
    '--host',
    '-M',
    '--machine',
    '-n',
    '--lines',
    '-o',
    '--output',
    '-s',
    '--signal',
    '--kill-whom',
    '--kill-who',
    '--root',
    '--job-mode',
    '--what',
    '--timestamp',
    '--boot-loader-entry',
    '--reboot-argument',
  ],
});

function unitName(raw: string): string {
  return raw.replace(/\.(service|socket|target|timer)$/, '').replace(/@.*$/, '');
}

function criticalUnit(units: readonly string[]): string | undefined {
  return units.find((u) => CRITICAL_UNITS.has(unitName(u)));
}

function unitVerdict(inv: Invocation, family: string, verb: string, units: string[], disableNow = false): Finding[] {
  const target = units.join(' ') || null;
  const entry = VERBS.get(verb);
  if (!entry) return unknown(inv, `${family}.unknown-verb`, `${family} ${verb} is not a verb the scanner knows.`);
  const critical = criticalUnit(units);
  if (critical && (TAKES_AWAY.has(verb) || disableNow)) {
    return dangerous(
      inv,
      `${family}.critical-unit`,
      `${verb} ${critical}: access to the host or its workloads depends on it.`,
      { target },
    );
  }
  return [
    finding(inv, entry.level, `${family}.${verb}`, entry.message, { target: entry.level === 'safe' ? null : target }),
  ];
}

/** systemctl: read verbs are safe, lifecycle verbs caution, critical units and power-off dangerous. */
const systemctl: Rule = (inv) => {
  if (asksForHelp(inv.args, ['-h'])) return helpFinding(inv, 'systemctl');
  const p = systemctlArgs.parse(inv.args);
  const [verbWord, ...unitWords] = p.positionals;
  if (!verbWord) return safe(inv, 'systemctl.list-units', 'Lists units.');
  if (verbWord.value === null) return unknown(inv, 'systemctl.dynamic', 'The verb is only known at run time.');
  const units = unitWords.map((w) => w.value ?? w.raw);
  const disableNow = (verbWord.value === 'disable' || verbWord.value === 'mask') && p.has('--now');
  return unitVerdict(inv, 'systemctl', verbWord.value, units, disableNow);
};

/** service <unit> <verb> (SysV style). */
const service: Rule = (inv) => {
  if (inv.args.some((a) => a.value === '--status-all')) return safe(inv, 'service.status-all', 'Lists service status.');
  const [unit, verb] = inv.args.map((a) => a.value);
  if (!unit || !verb) return unknown(inv, 'service.incomplete', 'No service action given.');
  const mapped = verb === 'force-reload' ? 'reload' : verb;
  return unitVerdict(inv, 'service', mapped, [unit]);
};

const journalArgs = argParser({
  valued: [
    '-u',
    '--unit',
    '--user-unit',
    '-p',
    '--priority',
    '-n',
    '--lines',
    '-S',
    '--since',
    '-U',
    '--until',
    '-o',
    '--output',
    '-t',
    '--identifier',
    '-b',
    '--boot',
    '-D',
    '--directory',
    '--file',
    '-M',
    '--machine',
    '-g',
    '--grep',
    '--cursor',
    '--after-cursor',
    '-F',
    '--field',
    '--facility',
    '--output-fields',
    '--root',
    '--namespace',
    '--vacuum-size',
    '--vacuum-time',
    '--vacuum-files',
  ],
});

/** journalctl reads logs; vacuuming deletes history for good; rotate/flush only move it. */
const journalctl: Rule = (inv) => {
  const p = journalArgs.parse(inv.args);
  if (p.has('--vacuum-size', '--vacuum-time', '--vacuum-files')) {
    return dangerous(inv, 'journalctl.vacuum', 'Permanently deletes journal history.');
  }
  if (
    p.has(
      '--rotate',
      '--flush',
      '--sync',
      '--relinquish-var',
      '--smart-relinquish-var',
      '--setup-keys',
      '--update-catalog',
    )
  ) {
    return caution(inv, 'journalctl.maintenance', 'Rotates, flushes or re-keys the journal.');
  }
  return safe(inv, 'journalctl.read', 'Reads logs.');
};

export const systemdRules: RuleTable = {
  systemctl,
  service,
  journalctl,
  'update-rc.d': (inv) => caution(inv, 'sysv.enable', 'Changes which services start at boot.'),
  chkconfig: (inv) =>
    inv.args.length === 0 || inv.args.some((a) => a.value === '--list')
      ? safe(inv, 'sysv.list', 'Lists boot services.')
      : caution(inv, 'sysv.enable', 'Changes which services start at boot.'),
};
