import type { Invocation } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import { argParser } from './args.js';
import { asksForHelp, helpFinding } from './common.js';
import { caution, finding, type Rule, type RuleContext, type RuleTable, safe } from './rule.js';
import { type ResolvedCommand, verbCli } from './verb-cli.js';

/**
 * Secret managers (decisions 0003, 0022): listing vaults, items and projects reads names
 * only; printing a secret value is a secret read (caution: it lands in the channel);
 * setting secrets is caution; deleting them is dangerous. `op run`, `doppler run`,
 * `infisical run` and `sops exec-*` run a command with secrets in its environment: a
 * caution floor, and the command is classified too.
 */
function runWithSecrets(family: string) {
  return (inv: Invocation, ctx: RuleContext, cmd: ResolvedCommand): Finding[] | null => {
    if (cmd.path !== 'run') return null;
    const floor = finding(
      inv,
      'caution',
      `secret.${family}-run`,
      `Runs a command with ${family} secrets in its environment.`,
    );
    const payload = cmd.parsed.rest.length > 0 ? cmd.parsed.rest : cmd.operands;
    return payload.length > 0 ? [floor, ...ctx.scanArgv(payload)] : [floor];
  };
}

const op = verbCli({
  family: 'op',
  args: {
    valued: [
      '--vault',
      '--account',
      '--format',
      '--fields',
      '--categories',
      '--tags',
      '--session',
      '--config',
      '--cache',
      '--encoding',
      '--out-file',
      '-o',
      '--in-file',
      '-i',
      '--env-file',
      '--title',
      '--template',
      '--url',
      '--otp',
    ],
  },
  refine: runWithSecrets('op'),
  commands: {
    safe: {
      whoami: 'Shows the signed-in account.',
      'vault list': 'Lists vaults.',
      'vault get': 'Shows a vault.',
      'item list': 'Lists items (titles only).',
      'document list': 'Lists documents.',
      'user list': 'Lists users.',
      'user get': 'Shows a user.',
      'group list': 'Lists groups.',
      'account list': 'Lists accounts.',
      'item template list': 'Lists item templates.',
      '--version': 'Prints the version.',
    },
    secret: {
      read: 'Prints a secret value.',
      'item get': 'Prints an item, its secret fields included.',
      'document get': 'Prints a document.',
      inject: 'Writes secrets into a template.',
      run: 'Runs a command with secrets.',
    },
    caution: {
      signin: 'Signs in and starts a session.',
      signout: 'Signs out.',
      'item create': 'Creates an item.',
      'item edit': 'Changes an item.',
      'item move': 'Moves an item.',
      'item share': 'Shares an item.',
      'item archive': 'Archives an item.',
      'vault create': 'Creates a vault.',
      'vault edit': 'Changes a vault.',
      'document create': 'Creates a document.',
      'document edit': 'Changes a document.',
      'user provision': 'Invites a user.',
      'user confirm': 'Confirms a user.',
      'group create': 'Creates a group.',
    },
    dangerous: {
      'item delete': 'Deletes an item.',
      'vault delete': 'Deletes a vault and its items.',
      'document delete': 'Deletes a document.',
      'user delete': 'Deletes a user.',
      'group delete': 'Deletes a group.',
    },
  },
});

const doppler = verbCli({
  family: 'doppler',
  args: {
    valued: [
      '-p',
      '--project',
      '-c',
      '--config',
      '--token',
      '--format',
      '--scope',
      '--name',
      '--environment',
      '-e',
      '--mount',
      '--command',
    ],
  },
  refine: runWithSecrets('doppler'),
  commands: {
    safe: {
      configs: 'Lists configs.',
      'configs get': 'Shows a config.',
      'configs logs': 'Shows config history.',
      projects: 'Lists projects.',
      'projects get': 'Shows a project.',
      environments: 'Lists environments.',
      me: 'Shows the token’s identity.',
      activity: 'Shows activity.',
      'secrets names': 'Lists secret names.',
      '--version': 'Prints the version.',
    },
    secret: {
      secrets: 'Prints every secret with its value.',
      'secrets get': 'Prints secret values.',
      'secrets download': 'Writes every secret to a file.',
      configure: 'Prints CLI configuration, the token included.',
      run: 'Runs a command with secrets.',
    },
    caution: {
      'secrets set': 'Sets secrets.',
      'secrets upload': 'Uploads secrets.',
      'configs create': 'Creates a config.',
      'configs clone': 'Clones a config.',
      'configs lock': 'Locks a config.',
      'projects create': 'Creates a project.',
      login: 'Logs in and stores a token.',
      logout: 'Logs out.',
      setup: 'Writes project settings.',
      'configure set': 'Changes CLI configuration.',
    },
    dangerous: {
      'secrets delete': 'Deletes secrets.',
      'configs delete': 'Deletes a config and its secrets.',
      'projects delete': 'Deletes a project and its secrets.',
      'environments delete': 'Deletes an environment and its secrets.',
    },
  },
});

const infisical = verbCli({
  family: 'infisical',
  args: {
    valued: [
      '--env',
      '--path',
      '--projectId',
      '--token',
      '--domain',
      '--format',
      '--output',
      '--command',
      '--type',
      '--tags',
    ],
  },
  refine: runWithSecrets('infisical'),
  commands: {
    safe: {
      '--version': 'Prints the version.',
      user: 'Shows the user.',
      scan: 'Scans files for leaked secrets.',
      'secrets folders get': 'Lists folders.',
    },
    secret: {
      secrets: 'Prints every secret with its value.',
      'secrets get': 'Prints secret values.',
      export: 'Prints every secret.',
      run: 'Runs a command with secrets.',
      token: 'Prints a token.',
    },
    caution: {
      'secrets set': 'Sets secrets.',
      login: 'Logs in and stores a token.',
      init: 'Links a project.',
      'service-token': 'Manages service tokens.',
      'secrets folders create': 'Creates a folder.',
    },
    dangerous: { 'secrets delete': 'Deletes secrets.', 'secrets folders delete': 'Deletes a folder and its secrets.' },
  },
});

const sopsArgs = argParser({
  valued: [
    '--extract',
    '--output',
    '--input-type',
    '--output-type',
    '--kms',
    '--pgp',
    '--age',
    '--gcp-kms',
    '--azure-kv',
    '--hc-vault-transit',
    '--config',
    '--set',
    '--unset',
    '--encrypted-regex',
    '--unencrypted-regex',
    '--filename-override',
    '--keyservice',
    '--shamir-secret-sharing-threshold',
  ],
});

/** sops: decrypting prints secrets; editing and in-place changes write; exec-* runs a payload with secrets. */
const sops: Rule = (inv, ctx) => {
  if (asksForHelp(inv.args, ['-v'])) return helpFinding(inv, 'sops');
  const p = sopsArgs.parse(inv.args);
  const verb = p.positionals[0]?.value ?? null;
  if (verb === 'exec-env' || verb === 'exec-file') {
    const floor = finding(inv, 'caution', 'secret.sops-exec', `Runs a command with the decrypted secrets (${verb}).`);
    const command = p.positionals[2];
    return command
      ? [
          floor,
          ...ctx.scanScript({
            text: command.value ?? command.raw,
            offsetBase: command.valueOffset,
            fallbackSpan: command.span,
          }),
        ]
      : [floor];
  }
  if (verb === 'filestatus') return safe(inv, 'sops.read', 'Shows whether a file is encrypted.');
  if (
    p.has('-i', '--in-place') ||
    verb === 'rotate' ||
    verb === 'updatekeys' ||
    verb === 'set' ||
    verb === 'unset' ||
    verb === 'publish' ||
    p.has('--set', '--unset')
  )
    return caution(inv, 'sops.write', 'Rewrites an encrypted file.');
  if (p.has('-d', '--decrypt', '--extract') || verb === 'decrypt')
    return caution(inv, 'secret.sops', 'Decrypts a file: its secrets land in the channel.');
  if (p.has('-e', '--encrypt') || verb === 'encrypt') return safe(inv, 'sops.encrypt', 'Prints an encrypted copy.');
  return caution(inv, 'session.editor', 'Opens the decrypted file in an editor and re-encrypts it on save.');
};

export const secretManagerRules: RuleTable = { op, doppler, infisical, sops };
