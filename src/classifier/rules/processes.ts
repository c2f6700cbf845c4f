import type { Word } from '../scanner/word.js';
import { argParser } from './args.js';
import { caution, dangerous, type Rule, type RuleTable, safe } from './rule.js';

/** Processes whose death takes the host, its network or its workloads with it. */
const CRITICAL_PROCESSES = new Set([
  'init',
  'systemd',
  'sshd',
  'dbus-daemon',
  'kubelet',
  'dockerd',
  'containerd',
  'crio',
  'etcd',
  'kube-apiserver',
  'postgres',
  'mysqld',
  'NetworkManager',
  'systemd-networkd',
  'systemd-journald',
]);

const KILL_SIGNALS = new Set(['9', 'KILL', 'SIGKILL']);

function signalOf(args: readonly Word[]): { signal: string | null; rest: Word[] } {
  let signal: string | null = null;
  const rest: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === '-s' || v === '--signal' || v === '-n') {
      signal = args[++i]?.value ?? null;
    } else if (v !== null && /^--signal=/.test(v)) {
      signal = v.slice(9);
    } else if (v !== null && signal === null && /^-(SIG)?[A-Z]+[0-9+-]*$|^-\d+$/.test(v) && rest.length === 0) {
      signal = v.slice(1);
    } else {
      rest.push(args[i]!);
    }
  }
  return { signal: signal?.replace(/^SIG/, '') ?? null, rest };
}

/**
 * kill: one named process is caution (SIGKILL included); signal 0 only checks; PID 1 and -1
 * (every process) are dangerous. See docs/decisions/0007-process-signals.md.
 */
const kill: Rule = (inv) => {
  if (inv.args.some((a) => a.value === '-l' || a.value === '-L' || a.value === '--list'))
    return safe(inv, 'kill.list', 'Lists signal names.');
  const { signal, rest } = signalOf(inv.args);
  const pids = rest.filter((a) => a.value !== '--');
  if (signal === '0') return safe(inv, 'kill.check', 'Signal 0 only checks that the process exists.');
  const target = pids.map((p) => p.value ?? p.raw).join(' ') || null;
  if (pids.some((p) => p.value === '1' || p.value === '-1')) {
    return dangerous(inv, 'kill.init-or-all', 'Signals PID 1 or every process on the host.', { target });
  }
  if (inv.fanOut || pids.some((p) => p.hasSubstitution)) {
    return caution(inv, 'kill.many', 'Signals a list of processes found at run time.', { target });
  }
  return caution(inv, 'kill.process', `Sends ${signal ? `SIG${signal}` : 'SIGTERM'} to ${target ?? 'a process'}.`, {
    target,
  });
};

const pkillArgs = argParser({
  valued: [
    '-s',
    '--signal',
    '-u',
    '--euid',
    '-U',
    '--uid',
    '-g',
    '--pgroup',
    '-G',
    '--group',
    '-P',
    '--parent',
    '-t',
    '--terminal',
    '--ns',
    '--nslist',
    '-F',
    '--pidfile',
    '-n',
  ],
});

/**
 * pkill/killall: many processes at once. SIGKILL to a name pattern (no clean shutdown for
 * any of them) or any signal to a critical daemon is dangerous; otherwise caution.
 */
function massKill(family: string): Rule {
  return (inv) => {
    const { signal, rest } = signalOf(inv.args);
    const p = pkillArgs.parse(rest);
    const names = p.positionals.map((w) => w.value ?? w.raw);
    const target = names.join(' ') || null;
    if (signal === '0') return safe(inv, `${family}.check`, 'Signal 0 only checks for matching processes.');
    const critical = names.find((n) => CRITICAL_PROCESSES.has(n));
    if (critical)
      return dangerous(inv, `${family}.critical`, `Signals ${critical}, which the host or its workloads depend on.`, {
        target,
      });
    if (signal !== null && KILL_SIGNALS.has(signal)) {
      return dangerous(
        inv,
        `${family}.sigkill-many`,
        `SIGKILLs every process matching ${target ?? 'the pattern'} with no chance to shut down cleanly.`,
        { target },
      );
    }
    if (p.has('-u', '--euid', '-U', '--uid') && names.length === 0) {
      return dangerous(inv, `${family}.all-of-user`, 'Signals every process of a user.', { target });
    }
    return caution(inv, `${family}.processes`, `Signals every process matching ${target ?? 'the pattern'}.`, {
      target,
    });
  };
}

const renice: Rule = (inv) => caution(inv, 'renice.set', 'Changes the priority of running processes.');

const fuser: Rule = (inv) =>
  inv.args.some((a) => a.value !== null && /^-[a-zA-Z]*k/.test(a.value))
    ? caution(inv, 'fuser.kill', 'Kills the processes using the files.')
    : safe(inv, 'fuser.read', 'Shows which processes use files.');

export const processRules: RuleTable = {
  kill,
  pkill: massKill('pkill'),
  killall: massKill('killall'),
  killall5: (inv) => dangerous(inv, 'killall5.all', 'Signals every process on the host.'),
  skill: massKill('skill'),
  renice,
  fuser,
};
