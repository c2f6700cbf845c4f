import type { Word } from '../scanner/word.js';
import { caution, type Rule, type RuleTable, safe } from './rule.js';

/**
 * Host tools that report with one form and change the host with another (decision 0027).
 * Reads are listed; anything else (a setter, an unknown verb, a value after a property verb)
 * is caution. `resolvectl dns eth0` reads, `resolvectl dns eth0 1.1.1.1` sets.
 */

/** Read verbs and how many words may follow them before the verb becomes a setter. */
type ReadVerbs = Readonly<Record<string, number>>;
const ANY = Number.POSITIVE_INFINITY;

const TIMEDATECTL: ReadVerbs = { status: 0, show: 0, 'list-timezones': 0, 'timesync-status': 0, 'show-timesync': 0 };
const HOSTNAMECTL: ReadVerbs = { status: 0, hostname: 0, 'icon-name': 0, chassis: 0, deployment: 0, location: 0 };
const LOCALECTL: ReadVerbs = {
  status: 0,
  'list-locales': 0,
  'list-keymaps': 0,
  'list-x11-keymap-models': 0,
  'list-x11-keymap-layouts': 0,
  'list-x11-keymap-variants': 1,
  'list-x11-keymap-options': 0,
};
const RESOLVECTL: ReadVerbs = {
  status: ANY,
  query: ANY,
  service: ANY,
  openpgp: ANY,
  tlsa: ANY,
  statistics: 0,
  monitor: 0,
  'show-cache': 0,
  'show-server-state': 0,
  'log-level': 0,
  dns: 1,
  domain: 1,
  'default-route': 1,
  llmnr: 1,
  mdns: 1,
  dnssec: 1,
  dnsovertls: 1,
  nta: 1,
};
const LOGINCTL: ReadVerbs = {
  'list-sessions': 0,
  'session-status': ANY,
  'show-session': ANY,
  'list-users': 0,
  'user-status': ANY,
  'show-user': ANY,
  'list-seats': 0,
  'seat-status': ANY,
  'show-seat': ANY,
};
const SYSTEMD_ANALYZE: ReadVerbs = {
  time: 0,
  blame: 0,
  'critical-chain': ANY,
  dump: ANY,
  plot: 0,
  dot: ANY,
  'unit-paths': 0,
  'unit-files': ANY,
  'exit-status': ANY,
  capability: ANY,
  condition: ANY,
  'syscall-filter': ANY,
  filesystems: ANY,
  calendar: ANY,
  timestamp: ANY,
  timespan: ANY,
  security: ANY,
  'inspect-elf': ANY,
  verify: ANY,
  'cat-config': ANY,
  'log-level': 0,
  'log-target': 0,
  'service-watchdogs': 0,
  fdstore: ANY,
  architectures: ANY,
  'compare-versions': ANY,
};

function positionals(args: readonly Word[]): Word[] {
  return args.filter((a) => a.value === null || !a.value.startsWith('-'));
}

function settingsTool(family: string, reads: ReadVerbs, defaultVerb: string): Rule {
  return (inv) => {
    const [verbWord, ...rest] = positionals(inv.args);
    const verb = verbWord ? verbWord.value : defaultVerb;
    const allowed = verb === null ? undefined : reads[verb];
    if (allowed !== undefined && rest.length <= allowed) {
      return safe(inv, `${family}.read`, `${family} ${verb} only reports.`);
    }
    return caution(inv, `${family}.write`, `${family} ${verb ?? '…'} changes the host's settings or sessions.`, {
      target: rest[0]?.value ?? null,
    });
  };
}

/** nvidia-smi queries by default; its other options reset GPUs or change power, clocks and modes. */
const NVIDIA_READ_OPTIONS =
  /^(-q|--query|-L|--list-gpus|-i|--id=.*|-d|--display=.*|-l|--loop=.*|-lms|--loop-ms=.*|-x|--xml-format|-u|--unit|--format=.*|--query-[a-z-]+=.*|-h|--help|--version)$/;
const NVIDIA_VALUED = new Set(['-i', '--id', '-d', '--display', '-l', '--loop', '-lms', '--loop-ms', '--format']);
const NVIDIA_READ_SUBCOMMANDS = new Set(['topo', 'dmon', 'pmon']);
const NVIDIA_MIG_LISTS = new Set([
  '-lgi',
  '-lci',
  '-lgip',
  '-lcip',
  '--list-gpu-instances',
  '--list-compute-instances',
]);

const nvidiaSmi: Rule = (inv) => {
  const words = inv.args.map((a) => a.value);
  const first = words[0] ?? null;
  if (first !== null && NVIDIA_READ_SUBCOMMANDS.has(first)) return safe(inv, 'nvidia-smi.read', 'Shows GPU status.');
  if (first === 'mig' && words.slice(1).every((w) => w !== null && (NVIDIA_MIG_LISTS.has(w) || /^-?\d+$/.test(w)))) {
    return safe(inv, 'nvidia-smi.read', 'Lists MIG instances.');
  }
  let reads = first === null || first.startsWith('-');
  for (let i = 0; reads && i < words.length; i++) {
    const w = words[i] ?? null;
    if (w === null || !NVIDIA_READ_OPTIONS.test(w)) reads = false;
    else if (NVIDIA_VALUED.has(w)) i++;
  }
  return reads
    ? safe(inv, 'nvidia-smi.read', 'Shows GPU status.')
    : caution(inv, 'nvidia-smi.write', 'Resets a GPU or changes its modes, clocks or power limits.');
};

/** needrestart restarts services unless asked only to list (`-r l`, `-b`, `-p`). */
const needrestart: Rule = (inv) => {
  const words = inv.args.map((a) => a.value);
  const lists =
    words.includes('-b') ||
    words.includes('-p') ||
    words.some((w, i) => w === '-rl' || (w === '-r' && words[i + 1] === 'l'));
  return lists
    ? safe(inv, 'needrestart.list', 'Lists services needing a restart.')
    : caution(inv, 'needrestart.restart', 'needrestart may restart services (only `-r l`, `-b` or `-p` list).');
};

const sensors: Rule = (inv) =>
  inv.args.some((a) => a.value === '-s' || a.value === '--set')
    ? caution(inv, 'sensors.set', 'Writes sensor limits to the chips.')
    : safe(inv, 'system.read', 'Prints hardware sensors.');

/** `getent shadow` prints password hashes. */
const getent: Rule = (inv) => {
  const db = positionals(inv.args)[0]?.value;
  return db === null || db === 'shadow' || db === 'gshadow'
    ? caution(inv, 'secret.password-hashes', 'Prints password hashes from the shadow database.')
    : safe(inv, 'system.read', 'Looks up name-service entries.');
};

export const hostSettingsRules: RuleTable = {
  timedatectl: settingsTool('timedatectl', TIMEDATECTL, 'status'),
  hostnamectl: settingsTool('hostnamectl', HOSTNAMECTL, 'status'),
  localectl: settingsTool('localectl', LOCALECTL, 'status'),
  resolvectl: settingsTool('resolvectl', RESOLVECTL, 'status'),
  loginctl: settingsTool('loginctl', LOGINCTL, 'list-sessions'),
  'systemd-analyze': settingsTool('systemd-analyze', SYSTEMD_ANALYZE, 'time'),
  'nvidia-smi': nvidiaSmi,
  needrestart,
  sensors,
  getent,
};
