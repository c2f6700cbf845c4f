import { cloudVerbLevel } from './cloud-verbs.js';
import { scanScriptWords } from './common.js';
import { caution, dangerous, finding, type Rule, type RuleTable, safe, unknown } from './rule.js';
import { verbCli } from './verb-cli.js';

/**
 * Operations CLIs found while red-teaming (decision 0027): Pulumi, DigitalOcean, IPMI, Salt.
 * Reads are listed; paths not listed are unknown, or dangerous on a destructive verb.
 */

const pulumi = verbCli({
  family: 'pulumi',
  args: {
    valued: ['-s', '--stack', '-C', '--cwd', '--config-file', '-m', '--message', '-t', '--target', '--parallel', '-p'],
  },
  commands: {
    safe: {
      preview: 'Shows what an update would change.',
      whoami: 'Prints the current user.',
      about: 'Prints environment information.',
      version: 'Prints the version.',
      'stack ls': 'Lists stacks.',
      'stack history': 'Shows update history.',
      'stack output': 'Prints stack outputs (secrets stay masked).',
      'stack graph': 'Writes the dependency graph.',
      'stack tag ls': 'Lists stack tags.',
      'config get': 'Reads a configuration value (secrets stay encrypted unless asked).',
      config: 'Lists configuration (secrets masked).',
      logs: 'Reads logs.',
      'plugin ls': 'Lists plugins.',
    },
    caution: {
      up: 'Applies the program to the stack.',
      update: 'Applies the program to the stack.',
      refresh: 'Rewrites the state from the cloud.',
      import: 'Adopts a resource into the stack.',
      cancel: 'Cancels a running update.',
      'config set': 'Changes stack configuration.',
      'config rm': 'Removes a configuration value.',
      'stack select': 'Switches the stack for later commands.',
      'stack init': 'Creates a stack.',
      'stack export': 'Exports the state (it holds secrets).',
      'stack import': 'Replaces the stack state.',
      'stack rename': 'Renames the stack.',
      login: 'Changes local credentials.',
      'plugin install': 'Installs a plugin.',
    },
    dangerous: {
      destroy: 'Destroys every resource in the stack.',
      'stack rm': 'Removes the stack and its history.',
      'state delete': 'Removes a resource from the state; the next update may recreate or orphan it.',
    },
  },
  raise: { '--show-secrets': ['caution', 'Prints secrets in clear text.'] },
});

const DOCTL_VALUED = new Set(['-t', '--access-token', '--context', '-o', '--output', '--format', '-c', '--config']);

/**
 * doctl: `<group> [<resource>] <verb>`; the first word that is a cloud verb decides, as for
 * gcloud (list/get read, create/update/actions change, delete destroys).
 */
const doctl: Rule = (inv) => {
  const path: string[] = [];
  for (let i = 0; i < inv.args.length && path.length < 5; i++) {
    const v = inv.args[i]!.value;
    if (v === null) return unknown(inv, 'doctl.dynamic', 'Part of the command is only known at run time.');
    if (v.startsWith('-')) {
      if (DOCTL_VALUED.has(v)) i++;
      continue;
    }
    path.push(v);
  }
  const joined = path.join(' ');
  if (/^kubernetes cluster kubeconfig show\b/.test(joined))
    return caution(inv, 'secret.doctl', 'Prints cluster credentials.');
  if (/^kubernetes cluster kubeconfig save\b/.test(joined) || /^auth (init|switch)\b/.test(joined))
    return caution(inv, 'doctl.config', 'Changes local credentials or kubeconfig.');
  if (joined === 'version' || joined === 'account get') return safe(inv, 'doctl.read', `doctl ${joined} only reads.`);
  for (const [i, word] of path.entries()) {
    const verb = cloudVerbLevel(word);
    if (!verb) continue;
    const target = verb.level === 'safe' ? null : (path[i + 1] ?? null);
    const id = verb.level === 'safe' ? 'read' : verb.level === 'dangerous' ? 'delete' : 'change';
    return [
      finding(inv, verb.level, `doctl.${id}`, `doctl ${path.slice(0, i + 1).join(' ')} ${verb.summary}.`, { target }),
    ];
  }
  return unknown(inv, 'doctl.unknown-command', `doctl ${joined} is not a command the scanner knows.`);
};

const ipmitool = verbCli({
  family: 'ipmitool',
  args: { valued: ['-I', '-H', '-U', '-P', '-f', '-L', '-p', '-y', '-K', '-k', '-C', '-N', '-R', '-T', '-t', '-b'] },
  commands: {
    safe: {
      sensor: 'Reads sensors.',
      'sensor list': 'Reads sensors.',
      sdr: 'Reads sensor records.',
      'sdr list': 'Reads sensor records.',
      'sel list': 'Reads the event log.',
      'sel elist': 'Reads the event log.',
      'sel info': 'Reads the event log.',
      'chassis status': 'Reads power state.',
      'chassis power status': 'Reads power state.',
      'power status': 'Reads power state.',
      'mc info': 'Reads controller information.',
      'lan print': 'Reads network settings.',
      fru: 'Reads inventory.',
      'fru print': 'Reads inventory.',
      'user list': 'Lists users.',
    },
    caution: {
      'chassis power cycle': 'Power-cycles the host.',
      'chassis power reset': 'Hard-resets the host.',
      'power cycle': 'Power-cycles the host.',
      'power reset': 'Hard-resets the host.',
      'chassis power on': 'Powers the host on.',
      'power on': 'Powers the host on.',
      'chassis identify': 'Blinks the identify light.',
      'chassis bootdev': 'Changes the next boot device.',
      'sel clear': 'Clears the event log.',
      'mc reset': 'Resets the management controller.',
      'lan set': 'Changes BMC network settings.',
      'user set': 'Changes a BMC user.',
    },
    dangerous: {
      'chassis power off': 'Powers the host off without a clean shutdown; it needs the BMC to come back.',
      'power off': 'Powers the host off without a clean shutdown; it needs the BMC to come back.',
      'chassis power soft': 'Shuts the host down.',
    },
  },
});

/** badblocks reads by default; `-n` rewrites every block (non-destructive), `-w` overwrites the disk. */
const badblocks: Rule = (inv) => {
  const flags = inv.args.map((a) => a.value ?? '').filter((v) => v.startsWith('-'));
  const device = inv.args.filter((a) => a.value === null || !a.value.startsWith('-')).at(0)?.value ?? null;
  if (flags.some((f) => /^-[a-zA-Z]*w/.test(f)))
    return dangerous(inv, 'disk.badblocks-write', 'Overwrites every block of the device.', { target: device });
  if (flags.some((f) => /^-[a-zA-Z]*n/.test(f)))
    return caution(inv, 'disk.badblocks-rewrite', 'Rewrites every block of the device in place.', { target: device });
  return safe(inv, 'disk.badblocks-read', 'Reads every block to find bad ones.');
};

/** Salt functions that only report, and those whose argument is a shell command. */
const SALT_READS =
  /^(test\.(ping|version|echo)|grains\.(items|get|item|ls)|(pkg|service|disk|status|network|sys|cmd)\.(list_\w+|info\w*|status|usage|stats|doc|which|version|has_exec|get_all|available)|saltutil\.(running|find_job)|jobs\.\w+|manage\.(status|up|down|present|list_\w+)|state\.(show_\w+|sls_id)|pillar\.(keys|ls))$/;
const SALT_SHELL = /^cmd\.(run|run_all|run_stdout|run_stderr|shell|script|exec_code)$/;
const SALT_SECRET = /^pillar\.(items|get|item|raw|data)$/;

/** `salt <target> <module.function> args`: the function decides; cmd.run payloads are scanned. */
function saltRule(hasTarget: boolean): Rule {
  return (inv, ctx) => {
    const positionals = inv.args.filter((a) => a.value === null || !a.value.startsWith('-'));
    const target = hasTarget ? (positionals[0]?.value ?? null) : 'this minion';
    const [fnWord, ...fnArgs] = positionals.slice(hasTarget ? 1 : 0);
    const fn = fnWord?.value ?? null;
    if (fn === null) return caution(inv, 'salt.unknown', 'Runs a Salt function known only at run time.', { target });
    const testMode = inv.args.some((a) => /^test=(true|True)$/.test(a.value ?? ''));
    if (SALT_READS.test(fn)) return safe(inv, 'salt.read', `${fn} only reports.`);
    if (SALT_SECRET.test(fn)) return caution(inv, 'secret.salt-pillar', 'Prints pillar data, where secrets live.');
    if (SALT_SHELL.test(fn)) {
      const fleet = finding(
        inv,
        'caution',
        'salt.fleet-command',
        `Runs a command on every minion matching ${target}.`,
        {
          target,
        },
      );
      return fnArgs[0] ? [fleet, ...scanScriptWords(inv, ctx, [fnArgs[0]], 'salt')] : [fleet];
    }
    if (/^(state\.(apply|highstate|sls))$/.test(fn) && testMode)
      return safe(inv, 'salt.test', 'Test mode: reports what would change.');
    if (/^system\.(reboot|poweroff|halt|shutdown)$/.test(fn))
      return dangerous(inv, 'salt.fleet-power', `Takes down every minion matching ${target} at once.`, { target });
    if (/^(file\.(remove|delete)|pkg\.(remove|purge))$/.test(fn))
      return dangerous(inv, 'salt.fleet-destruction', `${fn} on every minion matching ${target}.`, { target });
    return caution(inv, 'salt.change', `${fn} changes minions matching ${target}.`, { target });
  };
}

const saltKey: Rule = (inv) => {
  const flags = inv.args.map((a) => a.value ?? '');
  if (flags.some((f) => /^(-D|-d|--delete|--delete-all)$/.test(f)))
    return dangerous(inv, 'salt.key-delete', 'Deletes minion keys: those minions can no longer be managed.');
  if (flags.some((f) => /^(-A|-a|--accept|--accept-all|-R|-r|--reject|--reject-all)$/.test(f)))
    return caution(inv, 'salt.key-change', 'Accepts or rejects minion keys.');
  return safe(inv, 'salt.key-list', 'Lists minion keys.');
};

const saltRun: Rule = (inv) => {
  const fn = inv.args.find((a) => a.value === null || !a.value.startsWith('-'))?.value ?? null;
  return fn !== null && SALT_READS.test(fn)
    ? safe(inv, 'salt.read', `${fn} only reports.`)
    : caution(inv, 'salt.run', `salt-run ${fn ?? '…'} runs a runner on the master.`);
};

export const opsCliRules: RuleTable = {
  pulumi,
  doctl,
  ipmitool,
  badblocks,
  salt: saltRule(true),
  'salt-call': saltRule(false),
  'salt-ssh': saltRule(true),
  'salt-key': saltKey,
  'salt-run': saltRun,
};
