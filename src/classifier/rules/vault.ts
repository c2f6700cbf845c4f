import type { Invocation } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import { argParser } from './args.js';
import { asksForHelp, helpFinding } from './common.js';
import { caution, dangerous, finding, type Rule, type RuleTable, safe, unknown } from './rule.js';

const vaultArgs = argParser({
  valued: [
    '-address',
    '-namespace',
    '-ns',
    '-format',
    '-field',
    '-mount',
    '-version',
    '-versions',
    '-ca-cert',
    '-ca-path',
    '-client-cert',
    '-client-key',
    '-tls-server-name',
    '-wrap-ttl',
    '-policy',
    '-ttl',
    '-period',
    '-display-name',
    '-method',
    '-path',
    '-role',
    '-mode',
    '-key-shares',
    '-key-threshold',
  ],
  singleDashLong: true,
});

function secretRead(inv: Invocation, path: string | null): Finding[] {
  return caution(inv, 'secret.vault', 'Prints secret values from Vault into the channel.', { target: path });
}

function kv(inv: Invocation, words: (string | null)[]): Finding[] {
  const [sub, ...rest] = words;
  const path = rest[rest.length - 1] ?? null;
  switch (sub) {
    case 'get':
      return secretRead(inv, path);
    case 'list':
      return safe(inv, 'vault.kv-list', 'Lists secret names (not values).');
    case 'metadata': {
      const action = rest[0];
      if (action === 'get' || action === 'list')
        return safe(inv, 'vault.kv-metadata', 'Reads secret metadata (not values).');
      if (action === 'delete')
        return dangerous(
          inv,
          'vault.kv-metadata-delete',
          'Permanently deletes every version of the secret and its metadata.',
          { target: rest[1] ?? null },
        );
      return caution(inv, 'vault.kv-metadata-write', 'Changes secret metadata.', { target: rest[1] ?? null });
    }
    case 'put':
    case 'patch':
    case 'rollback':
    case 'undelete':
    case 'enable-versioning':
      return caution(inv, `vault.kv-${sub}`, `kv ${sub} writes a new secret version (older versions remain).`, {
        target: path,
      });
    case 'delete':
      return caution(inv, 'vault.kv-delete', 'Soft-deletes the latest version (undelete restores it).', {
        target: path,
      });
    case 'destroy':
      return dangerous(inv, 'vault.kv-destroy', 'Permanently destroys secret versions.', { target: path });
    default:
      return unknown(inv, 'vault.unknown-subcommand', `vault kv ${sub ?? ''} is not known.`);
  }
}

/**
 * vault (decision 0003): listing and status are safe; reading secret values is a secret
 * read (caution); writes are caution; destroying data, sealing and disabling mounts are dangerous.
 */
const vault: Rule = (inv) => {
  if (asksForHelp(inv.args, ['-help', '-h', '-version'])) return helpFinding(inv, 'vault');
  const p = vaultArgs.parse(inv.args);
  const words = p.positionals.map((w) => w.value);
  const [command, ...rest] = words;
  const path = rest[rest.length - 1] ?? null;
  if (command === null || command === undefined)
    return unknown(inv, 'vault.dynamic', 'The vault command is only known at run time.');
  if (p.has('-output-curl-string', '-output-policy'))
    return safe(inv, 'vault.print-only', 'Prints the equivalent request without sending it.');
  switch (command) {
    case 'status':
    case 'version':
    case 'path-help':
      return safe(inv, 'vault.read', `vault ${command} only reports.`);
    case 'list':
      return safe(inv, 'vault.list', 'Lists keys (not values).');
    case 'read':
      return /^(sys\/(health|seal-status|leader|mounts|auth|policies?|license|replication\/status|storage\/raft\/configuration|internal\/ui)|identity\/)/.test(
        path ?? '',
      )
        ? safe(inv, 'vault.read-config', 'Reads configuration, not secret values.')
        : secretRead(inv, path);
    case 'kv':
      return kv(inv, rest);
    case 'write':
      return /\/creds\/|\/issue\//.test(path ?? rest[0] ?? '')
        ? [
            finding(inv, 'caution', 'secret.vault', 'Generates credentials and prints them.', {
              target: rest[0] ?? null,
            }),
          ]
        : caution(inv, 'vault.write', 'Writes to Vault.', { target: rest[0] ?? null });
    case 'patch':
      return caution(inv, 'vault.write', 'Writes to Vault.', { target: rest[0] ?? null });
    case 'delete':
      return dangerous(inv, 'vault.delete', 'Deletes data at the path (kv v1 data cannot be recovered).', {
        target: path,
      });
    case 'login':
      return caution(inv, 'vault.login', 'Logs in and stores a token locally.');
    case 'print':
      return rest[0] === 'token' ? secretRead(inv, 'token') : safe(inv, 'vault.read', 'Prints local settings.');
    case 'token': {
      const sub = rest[0];
      if (sub === 'lookup' || sub === 'capabilities') return safe(inv, 'vault.token-read', 'Reads token properties.');
      if (sub === 'create') return caution(inv, 'secret.vault', 'Creates a token and prints it.');
      if (sub === 'revoke')
        return p.has('-mode') && p.get('-mode')?.value === 'path'
          ? dangerous(inv, 'vault.token-revoke-prefix', 'Revokes every token under a path.')
          : caution(inv, 'vault.token-revoke', 'Revokes a token.');
      return caution(inv, `vault.token-${sub ?? 'change'}`, `vault token ${sub ?? ''} changes tokens.`);
    }
    case 'lease': {
      const sub = rest[0];
      if (sub === 'lookup') return safe(inv, 'vault.lease-read', 'Reads a lease.');
      if (sub === 'revoke' && p.has('-prefix', '-force'))
        return dangerous(
          inv,
          'vault.lease-revoke-prefix',
          'Revokes every lease under the prefix; their credentials stop working.',
        );
      return caution(inv, `vault.lease-${sub ?? 'change'}`, `vault lease ${sub ?? ''} changes leases.`);
    }
    case 'secrets':
    case 'auth':
    case 'audit':
    case 'policy':
    case 'plugin': {
      const sub = rest[0];
      if (sub === 'list' || sub === 'read' || sub === 'info' || sub === 'fmt' || sub === 'help')
        return safe(inv, `vault.${command}-read`, `Reads ${command} configuration.`);
      if (command === 'secrets' && sub === 'disable')
        return dangerous(inv, 'vault.secrets-disable', 'Disables a secrets engine and destroys all of its data.', {
          target: rest[1] ?? null,
        });
      if (command === 'auth' && sub === 'disable')
        return dangerous(inv, 'vault.auth-disable', 'Disables an auth method and revokes its tokens.', {
          target: rest[1] ?? null,
        });
      return caution(inv, `vault.${command}-change`, `vault ${command} ${sub ?? ''} changes configuration.`, {
        target: rest[1] ?? null,
      });
    }
    case 'operator': {
      const sub = rest[0];
      if (
        sub === 'members' ||
        (sub === 'raft' && (rest[1] === 'list-peers' || (rest[1] === 'autopilot' && rest[2] === 'state'))) ||
        sub === 'key-status' ||
        sub === 'usage' ||
        sub === 'diagnose'
      ) {
        return safe(inv, 'vault.operator-read', 'Reads cluster state.');
      }
      if (sub === 'seal')
        return dangerous(
          inv,
          'vault.seal',
          'Seals Vault: every client loses access until it is unsealed with key shares.',
        );
      if (sub === 'raft' && rest[1] === 'remove-peer')
        return dangerous(inv, 'vault.raft-remove-peer', 'Removes a node from the Raft cluster.', {
          target: rest[2] ?? null,
        });
      if (sub === 'raft' && rest[1] === 'snapshot' && rest[2] === 'restore')
        return dangerous(inv, 'vault.snapshot-restore', 'Replaces all Vault data with a snapshot.');
      if (sub === 'raft' && rest[1] === 'snapshot' && rest[2] === 'save')
        return caution(inv, 'vault.snapshot-save', 'Writes every secret to a local snapshot file.');
      if (sub === 'rekey' || sub === 'generate-root' || sub === 'init' || sub === 'migrate')
        return dangerous(inv, `vault.${sub}`, `vault operator ${sub} changes the root of trust.`);
      return caution(inv, `vault.operator-${sub ?? 'change'}`, `vault operator ${sub ?? ''} changes cluster state.`);
    }
    default:
      return unknown(inv, 'vault.unknown-command', `vault ${command} is not a command the scanner knows.`);
  }
};

export const vaultRules: RuleTable = { vault, bao: vault };
