import type { Invocation } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import { scanScriptWords } from './common.js';
import { finding, type RuleContext, type RuleTable } from './rule.js';
import { type ResolvedCommand, verbCli } from './verb-cli.js';

/**
 * Cloud Foundry (`cf`) and Chef's `knife` (decision 0022). cf: listings, app status and
 * recent logs read; push, restart, scale and env changes are caution; delete and purge are
 * dangerous; `cf env` and service keys print credentials. knife: node, role and environment
 * reads are safe; `knife ssh QUERY COMMAND` runs COMMAND on every matching node, so it is
 * judged by that command (a read-only payload is safe), like ssh.
 */
const cfCurl = (inv: Invocation, cmd: ResolvedCommand): Finding[] => {
  const method = (cmd.parsed.get('-X')?.value ?? (cmd.parsed.has('-d') ? 'POST' : 'GET')).toUpperCase();
  const path = cmd.operands[0]?.value ?? null;
  if (method === 'GET') return [finding(inv, 'safe', 'cf.curl-read', 'Reads from the Cloud Controller API.')];
  if (method === 'DELETE')
    return [finding(inv, 'dangerous', 'cf.curl-delete', `Sends a DELETE to ${path ?? 'the API'}.`, { target: path })];
  return [finding(inv, 'caution', 'cf.curl-write', `Sends a ${method} to ${path ?? 'the API'}.`, { target: path })];
};

const cf = verbCli({
  family: 'cf',
  args: {
    valued: [
      '-o',
      '-s',
      '-a',
      '-i',
      '-m',
      '-k',
      '-f',
      '-p',
      '-b',
      '-c',
      '-t',
      '-u',
      '--var',
      '--vars-file',
      '--hostname',
      '--path',
      '--route-path',
      '--strategy',
      '-X',
      '-H',
      '-d',
      '--process',
      '--name',
      '--sso-passcode',
      '--origin',
      '--space',
      '--org',
      '--instance',
    ],
    flags: ['-f', '--recent', '--guid', '-v', '--no-start', '--no-route', '-r'],
  },
  refine: (inv, _ctx, cmd) => {
    if (cmd.path === 'curl') return cfCurl(inv, cmd);
    if ((cmd.path === 'target' || cmd.path === 'api') && (cmd.operands.length > 0 || cmd.parsed.has('-o', '-s')))
      return [
        finding(inv, 'caution', 'cf.target', `Switches the ${cmd.path} for later commands.`, {
          target: cmd.operands[0]?.value ?? cmd.parsed.get('-o', '-s')?.value ?? null,
        }),
      ];
    return null;
  },
  commands: {
    safe: {
      apps: 'Lists apps.',
      app: 'Shows an app.',
      logs: 'Prints or streams app logs.',
      target: 'Shows the current target.',
      api: 'Shows the API endpoint.',
      services: 'Lists service instances.',
      service: 'Shows a service instance.',
      marketplace: 'Lists service offerings.',
      routes: 'Lists routes.',
      domains: 'Lists domains.',
      orgs: 'Lists orgs.',
      org: 'Shows an org.',
      spaces: 'Lists spaces.',
      space: 'Shows a space.',
      buildpacks: 'Lists buildpacks.',
      stacks: 'Lists stacks.',
      stack: 'Shows a stack.',
      events: 'Lists app events.',
      'ssh-enabled': 'Shows whether SSH is enabled.',
      'feature-flags': 'Lists feature flags.',
      'feature-flag': 'Shows a feature flag.',
      quotas: 'Lists quotas.',
      quota: 'Shows a quota.',
      'security-groups': 'Lists security groups.',
      'security-group': 'Shows a security group.',
      'space-users': 'Lists space users.',
      'org-users': 'Lists org users.',
      'service-keys': 'Lists service key names.',
      tasks: 'Lists tasks.',
      revisions: 'Lists revisions.',
      droplets: 'Lists droplets.',
      packages: 'Lists packages.',
      'service-brokers': 'Lists brokers.',
      'service-access': 'Shows service access.',
      'network-policies': 'Lists network policies.',
      'isolation-segments': 'Lists isolation segments.',
      'router-groups': 'Lists router groups.',
      'check-route': 'Checks a route.',
      version: 'Prints the version.',
      '--version': 'Prints the version.',
      curl: 'Calls the API.',
    },
    secret: {
      env: 'Prints the app’s environment, service credentials included.',
      'service-key': 'Prints a service key’s credentials.',
      'oauth-token': 'Prints an OAuth token.',
      'ssh-code': 'Prints a one-time SSH passcode.',
    },
    caution: {
      push: 'Deploys an app.',
      restart: 'Restarts an app (downtime unless rolling).',
      restage: 'Restages an app.',
      start: 'Starts an app.',
      stop: 'Stops an app.',
      scale: 'Scales an app.',
      'set-env': 'Sets an environment variable.',
      'unset-env': 'Removes an environment variable.',
      'bind-service': 'Binds a service.',
      'unbind-service': 'Unbinds a service.',
      'create-service': 'Creates a service instance.',
      'update-service': 'Changes a service instance.',
      'create-service-key': 'Creates a service key.',
      'map-route': 'Maps a route.',
      'unmap-route': 'Unmaps a route.',
      'create-route': 'Creates a route.',
      rename: 'Renames an app.',
      ssh: 'Opens a session into an app instance.',
      'run-task': 'Runs a task.',
      'restart-app-instance': 'Restarts one instance.',
      rollback: 'Rolls back to a revision.',
      'create-app': 'Creates an app.',
      'set-health-check': 'Changes the health check.',
      'enable-ssh': 'Enables SSH.',
      'disable-ssh': 'Disables SSH.',
      'allow-space-ssh': 'Allows SSH in a space.',
      'share-service': 'Shares a service.',
      'unshare-service': 'Unshares a service.',
      'set-space-role': 'Grants a space role.',
      'set-org-role': 'Grants an org role.',
      'unset-space-role': 'Removes a space role.',
      'unset-org-role': 'Removes an org role.',
      'create-space': 'Creates a space.',
      'create-org': 'Creates an org.',
      'cancel-deployment': 'Cancels a deployment.',
      'continue-deployment': 'Continues a deployment.',
      login: 'Logs in.',
      auth: 'Logs in.',
      logout: 'Logs out.',
    },
  },
});

function knifeSsh(inv: Invocation, ctx: RuleContext, cmd: ResolvedCommand): Finding[] | null {
  if (cmd.path !== 'ssh') return null;
  const [query, ...script] = cmd.operands;
  const target = query ? (query.value ?? query.raw) : null;
  if (script.length === 0)
    return [finding(inv, 'caution', 'session.interactive', 'Opens sessions on the matching nodes.', { target })];
  const findings = scanScriptWords({ ...inv, fanOut: true }, ctx, script, 'knife');
  // The same command runs on every node the search matches: at least one approver for a change.
  return [
    finding(inv, 'safe', 'knife.ssh', `Runs the command on every node matching ${target ?? 'the query'}.`, { target }),
    ...findings,
  ];
}

const knife = verbCli({
  family: 'knife',
  args: {
    valued: [
      '-x',
      '--ssh-user',
      '-a',
      '--attribute',
      '-C',
      '--concurrency',
      '-i',
      '--ssh-identity-file',
      '-p',
      '--ssh-port',
      '-G',
      '--ssh-gateway',
      '-P',
      '--ssh-password',
      '-c',
      '--config',
      '-E',
      '--environment',
      '-F',
      '--format',
      '-s',
      '--server-url',
      '-u',
      '--user',
      '-k',
      '--key',
      '--secret',
      '--secret-file',
      '-r',
      '--run-list',
      '-N',
      '--node-name',
      '-m',
      '--manual-list',
      '-e',
      '--editor',
    ],
  },
  refine: knifeSsh,
  commands: {
    safe: {
      status: 'Shows node check-in status.',
      'node list': 'Lists nodes.',
      'node show': 'Shows a node.',
      'role list': 'Lists roles.',
      'role show': 'Shows a role.',
      'environment list': 'Lists environments.',
      'environment show': 'Shows an environment.',
      'cookbook list': 'Lists cookbooks.',
      'cookbook show': 'Shows a cookbook.',
      'data bag list': 'Lists data bags.',
      'data bag show': 'Shows a data bag item (encrypted items stay encrypted without --secret).',
      'client list': 'Lists clients.',
      'client show': 'Shows a client.',
      search: 'Searches the Chef server.',
      'search *': 'Searches the Chef server.',
      'user list': 'Lists users.',
      'user show': 'Shows a user.',
      'tag list': 'Lists tags.',
      'ssl check': 'Checks a certificate.',
      'supermarket search': 'Searches Supermarket.',
      'supermarket show': 'Shows a cookbook.',
      '--version': 'Prints the version.',
      version: 'Prints the version.',
    },
    caution: {
      ssh: 'Runs a command on every node a search matches.',
      bootstrap: 'Installs Chef on a host and registers it.',
      'node edit': 'Edits a node.',
      'node run_list add': 'Changes a run list.',
      'node run_list remove': 'Changes a run list.',
      'node run_list set': 'Changes a run list.',
      'node environment set': 'Moves a node to another environment.',
      'node from file': 'Uploads a node.',
      'role from file': 'Uploads a role.',
      'role edit': 'Edits a role.',
      'environment from file': 'Uploads an environment.',
      'environment edit': 'Edits an environment.',
      'cookbook upload': 'Uploads a cookbook.',
      'data bag create': 'Creates a data bag.',
      'data bag edit': 'Edits a data bag item.',
      'data bag from file': 'Uploads a data bag item.',
      'tag create': 'Adds tags.',
      'ssl fetch': 'Stores server certificates.',
    },
  },
});

export const paasRules: RuleTable = { cf, knife };
