import { argParser } from './args.js';
import { SECRET_NAME } from './common.js';
import { caution, type Rule, type RuleTable, safe } from './rule.js';

/** Programs that only report on the host. */
const REPORTERS: Record<string, string> = {
  top: 'Shows processes and load.',
  htop: 'Shows processes and load.',
  atop: 'Shows processes and load.',
  btop: 'Shows processes and load.',
  glances: 'Shows processes and load.',
  free: 'Shows memory use.',
  uptime: 'Shows uptime and load.',
  uname: 'Prints system information.',
  id: 'Prints user identity.',
  whoami: 'Prints the user name.',
  groups: 'Prints group membership.',
  w: 'Shows logged-in users.',
  who: 'Shows logged-in users.',
  users: 'Shows logged-in users.',
  last: 'Shows login history.',
  lastb: 'Shows failed logins.',
  lastlog: 'Shows last logins.',
  vmstat: 'Reports virtual memory statistics.',
  iostat: 'Reports I/O statistics.',
  mpstat: 'Reports CPU statistics.',
  pidstat: 'Reports per-process statistics.',
  sar: 'Reports system activity.',
  nproc: 'Prints the number of CPUs.',
  lscpu: 'Describes the CPUs.',
  lsmem: 'Describes memory.',
  lspci: 'Lists PCI devices.',
  lsusb: 'Lists USB devices.',
  lsmod: 'Lists kernel modules.',
  modinfo: 'Describes a kernel module.',
  lsns: 'Lists namespaces.',
  lslocks: 'Lists file locks.',
  lsipc: 'Lists IPC facilities.',
  ipcs: 'Lists IPC facilities.',
  lsof: 'Lists open files.',
  pgrep: 'Finds processes by name.',
  pidof: 'Finds process ids.',
  pstree: 'Shows the process tree.',
  pmap: 'Shows a process’s memory map.',
  iotop: 'Shows I/O by process.',
  slabtop: 'Shows kernel slab use.',
  numastat: 'Shows NUMA statistics.',
  tload: 'Shows load.',
  arch: 'Prints the machine architecture.',
  getconf: 'Prints configuration values.',
  locale: 'Prints locale settings.',
  dmidecode: 'Prints hardware information.',
  logname: 'Prints the login name.',
  jstack: 'Prints Java thread dumps.',
  ntpq: 'Queries NTP.',
  ntpstat: 'Shows NTP status.',
  'systemd-cgls': 'Shows the control group tree.',
  'systemd-cgtop': 'Shows control group usage.',
  'systemd-detect-virt': 'Detects virtualisation.',
};

const reporters: Record<string, Rule> = {};
for (const [name, message] of Object.entries(REPORTERS)) reporters[name] = (inv) => safe(inv, 'system.read', message);

/** BSD-style `ps e`/`ps auxe` prints every process's environment. */
const ps: Rule = (inv) =>
  inv.args.some((a) => a.value !== null && /^[a-zA-Z]*e[a-zA-Z]*$/.test(a.value) && !a.value.startsWith('-'))
    ? caution(inv, 'secret.environment', 'Prints the environment of processes, where credentials often live.')
    : safe(inv, 'system.read', 'Lists processes.');

const printenv: Rule = (inv) => {
  const names = inv.args.filter((a) => a.value === null || !a.value.startsWith('-'));
  if (names.length === 0)
    return caution(
      inv,
      'secret.environment',
      'Prints every environment variable; tokens and passwords often live there.',
    );
  const secret = names.find((n) => n.value === null || SECRET_NAME.test(n.value));
  return secret
    ? caution(inv, 'secret.environment', `Prints ${secret.raw}, which looks like a credential.`)
    : safe(inv, 'system.read', 'Prints named environment variables.');
};

const hostname: Rule = (inv) => {
  const p = argParser({ valued: ['-F', '--file'] }).parse(inv.args);
  return p.positionals.length > 0 || p.has('-F', '--file', '-b', '--boot')
    ? caution(inv, 'hostname.set', 'Changes the host name.')
    : safe(inv, 'system.read', 'Prints the host name.');
};

const sysctl: Rule = (inv) => {
  const p = argParser({ valued: ['-p', '--load', '--pattern', '-r'] }).parse(inv.args);
  const writes =
    p.has('-w', '--write', '-p', '--load', '--system') ||
    p.positionals.some((w) => w.value === null || w.value.includes('='));
  return writes
    ? caution(inv, 'sysctl.write', 'Changes kernel parameters at run time.', {
        target: p.positionals[0]?.value ?? null,
      })
    : safe(inv, 'sysctl.read', 'Reads kernel parameters.');
};

const dmesg: Rule = (inv) => {
  const p = argParser({
    valued: [
      '-n',
      '--console-level',
      '-f',
      '--facility',
      '-l',
      '--level',
      '-s',
      '--buffer-size',
      '--since',
      '--until',
      '-F',
      '--file',
      '--time-format',
    ],
  }).parse(inv.args);
  return p.has(
    '-c',
    '-C',
    '--clear',
    '--read-clear',
    '-n',
    '--console-level',
    '-D',
    '--console-off',
    '-E',
    '--console-on',
  )
    ? caution(inv, 'dmesg.write', 'Clears the kernel ring buffer or changes console logging.')
    : safe(inv, 'dmesg.read', 'Reads the kernel ring buffer.');
};

const hwclock: Rule = (inv) =>
  inv.args.some((a) => a.value !== null && /^(-w|-s|--systohc|--hctosys|--set|--adjust|-a)$/.test(a.value))
    ? caution(inv, 'hwclock.set', 'Sets the hardware or system clock.')
    : safe(inv, 'hwclock.read', 'Reads the hardware clock.');

const chronyc: Rule = (inv) => {
  const verb = inv.args.find((a) => a.value === null || !a.value.startsWith('-'))?.value ?? 'tracking';
  return verb !== null &&
    /^(tracking|sources|sourcestats|activity|ntpdata|clients|serverstats|rtcdata|waitsync|manual list|selectdata|authdata)$/.test(
      verb,
    )
    ? safe(inv, 'chronyc.read', 'Reports time synchronisation.')
    : caution(inv, 'chronyc.write', `chronyc ${verb ?? '…'} changes time synchronisation.`);
};

const jmap: Rule = (inv) =>
  inv.args.some((a) => a.value !== null && (a.value.startsWith('-dump') || a.value === '-histo:live'))
    ? caution(inv, 'jvm.dump', 'Dumps or walks the live heap: pauses the JVM and may write a file with secrets.')
    : safe(inv, 'jvm.read', 'Prints JVM information.');

const JCMD_SAFE =
  /^(help|Thread\.print|VM\.version|VM\.uptime|VM\.flags|VM\.command_line|GC\.heap_info|GC\.class_histogram|PerfCounter\.print|Compiler\.codecache|VM\.native_memory|VM\.info)$/;
const jcmd: Rule = (inv) => {
  const command = inv.args[1]?.value ?? null;
  if (inv.args.length <= 1 || (command !== null && JCMD_SAFE.test(command)))
    return safe(inv, 'jvm.read', 'Prints JVM information.');
  return caution(inv, 'jvm.command', `jcmd ${command ?? '…'} changes or dumps the JVM.`);
};

/** Tracers attach to running processes: they slow them and their output can hold secrets. */
const tracer: Rule = (inv) =>
  caution(inv, 'process.trace', 'Attaches a tracer to a process: it slows it down and prints its data.');

export const systemInfoRules: RuleTable = {
  ...reporters,
  ps,
  printenv,
  hostname,
  sysctl,
  dmesg,
  hwclock,
  chronyc,
  jmap,
  jcmd,
  gcore: (inv) =>
    caution(inv, 'process.core-dump', 'Writes a core dump of a live process (its memory, secrets included).'),
  'py-spy': tracer,
};
