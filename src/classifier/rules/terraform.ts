import type { Invocation } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import { argParser, type ParsedArgs } from './args.js';
import { asksForHelp, helpFinding } from './common.js';
import { caution, dangerous, finding, type Rule, type RuleTable, safe, unknown, verbTable } from './rule.js';

const tfArgs = argParser({
  singleDashLong: true,
  valued: [
    '-var',
    '-var-file',
    '-target',
    '-replace',
    '-out',
    '-state',
    '-state-out',
    '-backup',
    '-lock-timeout',
    '-parallelism',
    '-chdir',
    '-input',
    '-lock',
    '-refresh',
    '-backend-config',
    '-from-module',
    '-plugin-dir',
  ],
});

const VERBS = verbTable({
  safe: {
    plan: 'Computes a plan only; nothing changes.',
    show: 'Shows state or a plan.',
    validate: 'Checks configuration.',
    version: 'Prints the version.',
    graph: 'Prints the dependency graph.',
    providers: 'Lists providers.',
    metadata: 'Prints metadata.',
    modules: 'Lists modules.',
  },
  caution: {
    init: 'Downloads providers and modules and rewrites the lock file.',
    get: 'Downloads modules.',
    import: 'Writes an existing resource into state.',
    refresh: 'Rewrites state from real infrastructure.',
    taint: 'Marks a resource for replacement on the next apply.',
    untaint: 'Removes a replacement mark.',
    'force-unlock': 'Breaks a state lock; risky if another run is active.',
    login: 'Stores an API token.',
    logout: 'Removes an API token.',
    test: 'Runs tests that may create real infrastructure.',
    console: 'Opens an interactive console that can read sensitive values.',
  },
  dangerous: {
    destroy: 'Destroys managed infrastructure.',
  },
});

const STATE_READ = new Set(['list', 'show']);

function state(inv: Invocation, p: ParsedArgs): Finding[] {
  const sub = p.positionals[1]?.value;
  const address = p.positionals[2]?.value ?? null;
  if (sub && STATE_READ.has(sub)) return safe(inv, `terraform.state-${sub}`, 'Reads state.');
  if (sub === 'pull')
    return caution(inv, 'secret.terraform-state', 'Prints the raw state, which holds every secret Terraform manages.');
  if (sub === 'rm' || sub === 'mv' || sub === 'push' || sub === 'replace-provider') {
    return dangerous(
      inv,
      `terraform.state-${sub}`,
      `state ${sub} edits state directly; mistakes orphan or clobber real resources.`,
      { target: address },
    );
  }
  return unknown(inv, 'terraform.unknown-subcommand', `terraform state ${sub ?? ''} is not known.`);
}

function apply(inv: Invocation, p: ParsedArgs): Finding[] {
  const planFile = p.positionals[1]?.value ?? null;
  const target = p.get('-target')?.value ?? planFile;
  if (p.has('-destroy'))
    return dangerous(inv, 'terraform.destroy', 'apply -destroy destroys managed infrastructure.', { target });
  if (p.has('-auto-approve'))
    return dangerous(
      inv,
      'terraform.apply-auto-approve',
      'Applies whatever the plan holds, without a confirmation prompt.',
      { target },
    );
  if (planFile)
    return dangerous(inv, 'terraform.apply-plan-file', 'Applies a saved plan (possibly a destroy) without a prompt.', {
      target,
    });
  return caution(inv, 'terraform.apply', 'Computes a plan and asks for confirmation before changing infrastructure.', {
    target,
  });
}

function output(inv: Invocation, p: ParsedArgs): Finding[] {
  // Named outputs, -json and -raw print sensitive values in clear text; the bare listing masks them.
  if (p.has('-json', '-raw') || p.positionals.length > 1) {
    return caution(inv, 'secret.terraform-output', 'Prints output values in clear text, sensitive ones included.', {
      target: p.positionals[1]?.value ?? null,
    });
  }
  return safe(inv, 'terraform.output', 'Lists outputs with sensitive values masked.');
}

/**
 * terraform/tofu (decision 0010): plan/show/validate read; init/import/taint are caution;
 * interactive apply is caution (it asks); auto-approved or saved-plan apply, destroy and
 * state surgery are dangerous.
 */
const terraform: Rule = (inv) => {
  if (asksForHelp(inv.args, ['-help', '-h', '-version', '-v'])) return helpFinding(inv, 'terraform');
  const p = tfArgs.parse(inv.args);
  const verb = p.positionals[0]?.value;
  if (!verb)
    return p.positionals.length
      ? unknown(inv, 'terraform.dynamic', 'The subcommand is only known at run time.')
      : safe(inv, 'terraform.help', 'Prints usage.');
  switch (verb) {
    case 'apply':
      return apply(inv, p);
    case 'state':
      return state(inv, p);
    case 'output':
      return output(inv, p);
    case 'plan': {
      const out = p.get('-out')?.value;
      if (out !== undefined) {
        return caution(inv, 'terraform.plan-out', 'Writes a plan file that a later apply runs without asking.', {
          target: out,
        });
      }
      return safe(
        inv,
        'terraform.plan',
        p.has('-destroy') ? 'Shows what destroy would do; nothing changes.' : 'Computes a plan only; nothing changes.',
      );
    }
    case 'fmt':
      return p.has('-check') || p.get('-write')?.value === 'false'
        ? safe(inv, 'terraform.fmt-check', 'Checks formatting without writing.')
        : caution(inv, 'terraform.fmt', 'Rewrites configuration files in place.');
    case 'workspace': {
      const sub = p.positionals[1]?.value;
      if (sub === 'list' || sub === 'show') return safe(inv, 'terraform.workspace-read', 'Reads workspaces.');
      if (sub === 'delete')
        return dangerous(inv, 'terraform.workspace-delete', 'Deletes a workspace and its state.', {
          target: p.positionals[2]?.value ?? null,
        });
      return caution(inv, 'terraform.workspace-change', 'Changes the workspace for later commands.', {
        target: p.positionals[2]?.value ?? null,
      });
    }
    case 'providers': {
      const sub = p.positionals[1]?.value;
      return sub === 'lock' || sub === 'mirror'
        ? caution(inv, 'terraform.providers-write', 'Writes provider files.')
        : safe(inv, 'terraform.providers', 'Lists providers.');
    }
    default: {
      const entry = VERBS.get(verb);
      if (!entry)
        return unknown(inv, 'terraform.unknown-subcommand', `terraform ${verb} is not a subcommand the scanner knows.`);
      const target = p.get('-target')?.value ?? p.positionals[1]?.value ?? null;
      return [
        finding(inv, entry.level, `terraform.${verb}`, entry.message, {
          target: entry.level === 'safe' ? null : target,
        }),
      ];
    }
  }
};

export const terraformRules: RuleTable = { terraform, tofu: terraform, terragrunt: terraform };
