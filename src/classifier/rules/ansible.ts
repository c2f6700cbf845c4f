import type { Finding } from '../scanner/scope.js';
import { argParser } from './args.js';
import { asksForHelp, helpFinding, scanScriptWords } from './common.js';
import { caution, dangerous, finding, type Rule, type RuleTable, safe, unknown } from './rule.js';

const adHocArgs = argParser({
  valued: [
    '-m',
    '--module-name',
    '-a',
    '--args',
    '-i',
    '--inventory',
    '-l',
    '--limit',
    '-u',
    '--user',
    '-f',
    '--forks',
    '-e',
    '--extra-vars',
    '-B',
    '--background',
    '-P',
    '--poll',
    '-t',
    '--tree',
    '-c',
    '--connection',
    '-T',
    '--timeout',
    '--become-user',
    '--become-method',
    '--private-key',
    '--vault-id',
    '--vault-password-file',
    '-M',
    '--module-path',
  ],
});

/** Modules that only gather facts or test reachability. */
const READ_MODULES = new Set([
  'ping',
  'setup',
  'gather_facts',
  'stat',
  'debug',
  'service_facts',
  'package_facts',
  'find',
  'wait_for',
  'getent',
  'listen_ports_facts',
  'mount_facts',
]);
/** Modules whose argument is a shell command line, scanned like any script. */
const SHELL_MODULES = new Set([
  'shell',
  'command',
  'raw',
  'ansible.builtin.shell',
  'ansible.builtin.command',
  'ansible.builtin.raw',
]);

/** Ad hoc modules that destroy or take down every matched host at once (decision 0027). */
function fleetDestruction(module: string, args: string): string | null {
  const name = module.replace(/^ansible\.builtin\./, '');
  if (name === 'reboot') return 'Reboots at once';
  if (name === 'file' && /\bstate=absent\b/.test(args)) return 'Deletes the path recursively';
  if (name === 'user' && /\bstate=absent\b/.test(args) && /\bremove=(yes|true)\b/.test(args))
    return 'Deletes the user and home';
  return null;
}

/**
 * ansible ad hoc: the module decides. shell/command/raw payloads are scanned (and fanned out
 * to every host in the pattern); fact gathering is safe; other modules change hosts.
 */
const ansible: Rule = (inv, ctx) => {
  if (asksForHelp(inv.args, ['-h'])) return helpFinding(inv, 'ansible');
  const p = adHocArgs.parse(inv.args);
  const pattern = p.positionals[0]?.value ?? null;
  const module = p.get('-m', '--module-name')?.value ?? 'command';
  const moduleArgs = p.get('-a', '--args');
  if (p.has('--list-hosts')) return safe(inv, 'ansible.list-hosts', 'Lists matching hosts.');
  if (module === null) return unknown(inv, 'ansible.dynamic', 'The module is only known at run time.');
  const check = p.has('-C', '--check');
  if (SHELL_MODULES.has(module)) {
    if (!moduleArgs) return unknown(inv, 'ansible.no-args', 'No command given to the module.');
    // Check mode skips shell/command tasks, but the scanner classifies what would run without it.
    const fleet = finding(
      inv,
      'caution',
      'ansible.fleet-command',
      `Runs a command on every host matching ${pattern ?? 'the pattern'}.`,
      { target: pattern },
    );
    const scanned: Finding[] = scanScriptWords(inv, ctx, [moduleArgs.word], 'ansible');
    return [fleet, ...scanned];
  }
  if (READ_MODULES.has(module) || READ_MODULES.has(module.replace(/^ansible\.builtin\./, '')))
    return safe(inv, 'ansible.facts', `The ${module} module only gathers information.`);
  if (check) return safe(inv, 'ansible.check', 'Check mode: reports what would change.');
  const destroys = fleetDestruction(module, moduleArgs?.value ?? '');
  if (destroys)
    return dangerous(
      inv,
      'ansible.fleet-destruction',
      `${destroys} on every host matching ${pattern ?? 'the pattern'}.`,
      { target: pattern },
    );
  return caution(inv, 'ansible.module', `The ${module} module changes hosts matching ${pattern ?? 'the pattern'}.`, {
    target: pattern,
  });
};

/** ansible-playbook: --check (without --diff writes) is a dry run; otherwise it applies configuration. */
const playbook: Rule = (inv) => {
  if (asksForHelp(inv.args, ['-h'])) return helpFinding(inv, 'ansible-playbook');
  const flags = inv.args.map((a) => a.value ?? '');
  const target =
    inv.args.find((a) => (a.value ?? '').endsWith('.yml') || (a.value ?? '').endsWith('.yaml'))?.value ?? null;
  if (flags.some((f) => /^(-C|--check|--syntax-check|--list-tasks|--list-hosts|--list-tags)$/.test(f))) {
    return safe(inv, 'ansible.check', 'Check mode or listing: nothing changes.', { target });
  }
  return caution(inv, 'ansible.playbook', 'Applies a playbook whose tasks are not visible here.', { target });
};

export const ansibleRules: RuleTable = {
  ansible,
  'ansible-playbook': playbook,
  'ansible-inventory': (inv) => safe(inv, 'ansible.inventory', 'Prints the inventory.'),
  'ansible-doc': (inv) => safe(inv, 'ansible.doc', 'Prints documentation.'),
  'ansible-lint': (inv) => safe(inv, 'lint.read', 'Lints playbooks.'),
  'ansible-vault': (inv) =>
    ['view', 'decrypt'].includes(inv.args[0]?.value ?? '')
      ? caution(inv, 'secret.ansible-vault', 'Prints or writes decrypted vault content.')
      : caution(inv, 'ansible-vault.change', 'Changes encrypted files.'),
};
