import type { Invocation } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import type { ParsedArgs } from './args.js';
import { finding, type RuleTable } from './rule.js';
import { type ResolvedCommand, verbCli } from './verb-cli.js';

/**
 * GitHub (`gh`) and GitLab (`glab`) CLIs (decision 0022): listings and views read; merging,
 * running workflows and editing are caution; deleting repositories, releases, issues or
 * secrets is dangerous. `gh api` / `glab api` follow HTTP semantics: GET reads, DELETE
 * destroys, anything else (or any field, which makes it a POST) changes state.
 */
const FORGE_FLAGS = [
  '--web',
  '-w',
  '--squash',
  '--merge',
  '--rebase',
  '--delete-branch',
  '-d',
  '--yes',
  '-y',
  '--failed',
  '--log',
  '--log-failed',
  '--verbose',
  '--paginate',
  '--slurp',
  '--include',
  '-i',
  '--silent',
  '--draft',
  '--fill',
  '--admin',
  '--auto',
  '--force',
  '--all',
  '--exit-status',
  '--show-token',
  '-t',
  '--cleanup-tag',
  '--remove-source-branch',
  '--comments',
];

function apiMethod(p: ParsedArgs): string {
  const explicit = p.get('-X', '--method', '--request')?.value;
  if (explicit) return explicit.toUpperCase();
  if (explicit === null) return '?';
  const hasBody = p.has('-f', '-F', '--field', '--raw-field', '--input');
  return hasBody ? 'POST' : 'GET';
}

/** `gh api graphql -f query='{ viewer { login } }'`: a GraphQL query (not a mutation) only reads. */
function isGraphqlQuery(endpoint: string | null, p: ParsedArgs): boolean {
  if (endpoint !== 'graphql' || p.has('--input', '-X', '--method')) return false;
  const fields = p.values('-f', '-F', '--field', '--raw-field');
  return fields.length > 0 && fields.every((f) => f.value !== null && !/\bmutation\b|=@/i.test(f.value));
}

function apiFindings(family: string) {
  return (inv: Invocation, cmd: ResolvedCommand): Finding[] => {
    const method = apiMethod(cmd.parsed);
    const endpoint = cmd.operands[0]?.value ?? cmd.operands[0]?.raw ?? null;
    if (method === 'GET' || method === 'HEAD' || (method === 'POST' && isGraphqlQuery(endpoint, cmd.parsed))) {
      return [finding(inv, 'safe', `${family}.api-read`, `${family} api ${method} only reads.`)];
    }
    if (method === 'DELETE') {
      return [
        finding(
          inv,
          'dangerous',
          `${family}.api-delete`,
          `Sends a DELETE to ${endpoint ?? 'the API'}; what it names is gone.`,
          { target: endpoint },
        ),
      ];
    }
    if (method === '?')
      return [finding(inv, 'unknown', `${family}.api-dynamic`, 'The HTTP method is only known at run time.')];
    return [
      finding(
        inv,
        'caution',
        `${family}.api-write`,
        `Sends a ${method} to ${endpoint ?? 'the API'}, which can change state.`,
        { target: endpoint },
      ),
    ];
  };
}

const GH_VALUED = [
  '-R',
  '--repo',
  '-X',
  '--method',
  '-f',
  '-F',
  '--field',
  '--raw-field',
  '-H',
  '--header',
  '--jq',
  '-q',
  '--template',
  '--input',
  '-L',
  '--limit',
  '-s',
  '--state',
  '-l',
  '--label',
  '-b',
  '--body',
  '-B',
  '--base',
  '-H',
  '--head',
  '-a',
  '--assignee',
  '-A',
  '--author',
  '--json',
  '--search',
  '--workflow',
  '--branch',
  '--commit',
  '-j',
  '--job',
  '--hostname',
  '-e',
  '--env',
  '--title',
  '--notes',
  '--target',
  '-u',
  '--user',
  '--event',
  '--status',
  '-c',
  '--created',
];

const ghApi = apiFindings('gh');
const gh = verbCli({
  family: 'gh',
  args: { valued: GH_VALUED, longValuedByDefault: true, flags: FORGE_FLAGS },
  refine: (inv, _ctx, cmd) => (cmd.path === 'api' ? ghApi(inv, cmd) : null),
  commands: {
    safe: {
      api: 'Calls the API.',
      status: 'Shows your status across repositories.',
      version: 'Prints the version.',
      'pr list': 'Lists pull requests.',
      'pr view': 'Shows a pull request.',
      'pr status': 'Shows pull request status.',
      'pr diff': 'Shows a pull request diff.',
      'pr checks': 'Shows check status.',
      'issue list': 'Lists issues.',
      'issue view': 'Shows an issue.',
      'issue status': 'Shows issue status.',
      'run list': 'Lists workflow runs.',
      'run view': 'Shows a workflow run and its logs.',
      'run watch': 'Watches a run.',
      'workflow list': 'Lists workflows.',
      'workflow view': 'Shows a workflow.',
      'release list': 'Lists releases.',
      'release view': 'Shows a release.',
      'repo view': 'Shows a repository.',
      'repo list': 'Lists repositories.',
      'search repos': 'Searches repositories.',
      'search issues': 'Searches issues.',
      'search prs': 'Searches pull requests.',
      'search code': 'Searches code.',
      'search commits': 'Searches commits.',
      'gist list': 'Lists gists.',
      'gist view': 'Shows a gist.',
      'label list': 'Lists labels.',
      'secret list': 'Lists secret names (not values).',
      'variable list': 'Lists variables.',
      'variable get': 'Prints a variable (variables are not secrets).',
      'cache list': 'Lists caches.',
      'ruleset list': 'Lists rulesets.',
      'ruleset view': 'Shows a ruleset.',
      'ruleset check': 'Shows rules for a branch.',
      'project list': 'Lists projects.',
      'project view': 'Shows a project.',
      'org list': 'Lists organisations.',
      'extension list': 'Lists extensions.',
      'config get': 'Prints a setting.',
      'config list': 'Prints settings.',
      'alias list': 'Lists aliases.',
      'auth status': 'Shows the login state.',
      'codespace list': 'Lists codespaces.',
      'attestation verify': 'Verifies an attestation.',
    },
    secret: {
      'auth token': 'Prints the authentication token.',
    },
    caution: {
      browse: 'Opens a browser.',
      'pr create': 'Opens a pull request.',
      'pr merge': 'Merges a pull request.',
      'pr checkout': 'Checks out a pull request locally.',
      'pr close': 'Closes a pull request.',
      'pr reopen': 'Reopens a pull request.',
      'pr edit': 'Edits a pull request.',
      'pr comment': 'Comments on a pull request.',
      'pr review': 'Reviews a pull request.',
      'pr ready': 'Marks a pull request ready.',
      'issue create': 'Opens an issue.',
      'issue close': 'Closes an issue.',
      'issue reopen': 'Reopens an issue.',
      'issue edit': 'Edits an issue.',
      'issue comment': 'Comments on an issue.',
      'issue transfer': 'Moves an issue to another repository.',
      'run rerun': 'Re-runs a workflow run.',
      'run cancel': 'Cancels a workflow run.',
      'run download': 'Downloads run artifacts into local files.',
      'workflow run': 'Starts a workflow (often a deployment).',
      'workflow enable': 'Enables a workflow.',
      'workflow disable': 'Disables a workflow.',
      'release create': 'Publishes a release.',
      'release edit': 'Edits a release.',
      'release upload': 'Uploads release assets.',
      'release download': 'Downloads release assets into local files.',
      'repo clone': 'Clones a repository.',
      'repo create': 'Creates a repository.',
      'repo fork': 'Forks a repository.',
      'repo edit': 'Changes repository settings.',
      'repo rename': 'Renames a repository.',
      'repo sync': 'Syncs a repository with its upstream.',
      'repo archive': 'Archives a repository (it becomes read-only).',
      'repo unarchive': 'Unarchives a repository.',
      'gist create': 'Creates a gist.',
      'gist edit': 'Edits a gist.',
      'label create': 'Creates a label.',
      'label edit': 'Edits a label.',
      'secret set': 'Sets a secret.',
      'variable set': 'Sets a variable.',
      'cache delete': 'Deletes Actions caches (they are rebuilt).',
      'auth login': 'Logs in and stores a token.',
      'auth logout': 'Logs out.',
      'auth refresh': 'Refreshes the stored token.',
      'auth setup-git': 'Configures git credentials.',
      'config set': 'Changes a setting.',
      'alias set': 'Defines an alias.',
      'extension install': 'Installs an extension (code that runs as gh).',
      'extension upgrade': 'Upgrades an extension.',
      'codespace create': 'Creates a codespace.',
      'codespace ssh': 'Opens a session in a codespace.',
    },
    dangerous: {
      'repo delete': 'Deletes the repository and its history.',
      'release delete': 'Deletes a release.',
      'release delete-asset': 'Deletes a release asset.',
      'issue delete': 'Deletes an issue and its discussion.',
      'gist delete': 'Deletes a gist.',
      'label delete': 'Deletes a label.',
      'secret delete': 'Deletes a secret.',
      'variable delete': 'Deletes a variable.',
      'run delete': 'Deletes a workflow run and its logs.',
    },
  },
});

const glabApi = apiFindings('glab');
const glab = verbCli({
  family: 'glab',
  args: { valued: GH_VALUED, longValuedByDefault: true, flags: FORGE_FLAGS },
  refine: (inv, _ctx, cmd) => (cmd.path === 'api' ? glabApi(inv, cmd) : null),
  commands: {
    safe: {
      api: 'Calls the API.',
      version: 'Prints the version.',
      'mr list': 'Lists merge requests.',
      'mr view': 'Shows a merge request.',
      'mr diff': 'Shows a merge request diff.',
      'issue list': 'Lists issues.',
      'issue view': 'Shows an issue.',
      'ci status': 'Shows pipeline status.',
      'ci list': 'Lists pipelines.',
      'ci view': 'Shows a pipeline.',
      'ci trace': 'Follows job logs.',
      'ci get': 'Shows a pipeline.',
      'ci lint': 'Validates the CI configuration.',
      'pipeline list': 'Lists pipelines.',
      'pipeline status': 'Shows pipeline status.',
      'pipeline view': 'Shows a pipeline.',
      'pipeline ci view': 'Shows a pipeline.',
      'release list': 'Lists releases.',
      'release view': 'Shows a release.',
      'repo view': 'Shows a repository.',
      'repo list': 'Lists repositories.',
      'auth status': 'Shows the login state.',
      'variable list': 'Lists variables.',
      'label list': 'Lists labels.',
      'schedule list': 'Lists schedules.',
      'job list': 'Lists jobs.',
    },
    secret: {
      'variable get': 'Prints a CI variable, which often holds a secret.',
      'variable export': 'Prints every CI variable, secrets included.',
    },
    caution: {
      'mr create': 'Opens a merge request.',
      'mr merge': 'Merges a merge request.',
      'mr approve': 'Approves a merge request.',
      'mr close': 'Closes a merge request.',
      'mr reopen': 'Reopens a merge request.',
      'mr update': 'Edits a merge request.',
      'mr note': 'Comments on a merge request.',
      'mr checkout': 'Checks out a merge request locally.',
      'mr rebase': 'Rebases a merge request.',
      'issue create': 'Opens an issue.',
      'issue close': 'Closes an issue.',
      'issue update': 'Edits an issue.',
      'issue note': 'Comments on an issue.',
      'ci run': 'Starts a pipeline.',
      'ci retry': 'Retries a job.',
      'ci trigger': 'Triggers a manual job.',
      'ci cancel': 'Cancels a pipeline.',
      'pipeline run': 'Starts a pipeline.',
      'pipeline retry': 'Retries a pipeline.',
      'pipeline cancel': 'Cancels a pipeline.',
      'release create': 'Publishes a release.',
      'release upload': 'Uploads release assets.',
      'release download': 'Downloads release assets into local files.',
      'repo clone': 'Clones a repository.',
      'repo create': 'Creates a repository.',
      'repo fork': 'Forks a repository.',
      'repo archive': 'Archives a repository.',
      'variable set': 'Sets a CI variable.',
      'variable update': 'Changes a CI variable.',
      'schedule run': 'Runs a scheduled pipeline.',
      'auth login': 'Logs in and stores a token.',
    },
    dangerous: {
      'release delete': 'Deletes a release.',
      'repo delete': 'Deletes the repository and its history.',
      'mr delete': 'Deletes a merge request.',
      'issue delete': 'Deletes an issue.',
      'variable delete': 'Deletes a CI variable.',
      'ci delete': 'Deletes a pipeline and its logs.',
      'pipeline delete': 'Deletes a pipeline and its logs.',
      'label delete': 'Deletes a label.',
      'schedule delete': 'Deletes a schedule.',
    },
  },
});

export const forgeRules: RuleTable = { gh, glab };
