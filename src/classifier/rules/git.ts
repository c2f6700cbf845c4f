import type { Invocation } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import { classifyWrite } from '../scanner/write-target.js';
import { argParser, type ParsedArgs } from './args.js';
import { asksForHelp, helpFinding } from './common.js';
import { caution, dangerous, finding, type Rule, type RuleTable, safe, unknown, verbTable } from './rule.js';

const GIT_GLOBAL_VALUED = new Set([
  '-C',
  '-c',
  '--git-dir',
  '--work-tree',
  '--namespace',
  '--exec-path',
  '--config-env',
  '--super-prefix',
]);

/** Subcommands whose default form only reads the repository. */
const VERBS = verbTable({
  safe: {
    status: 'Shows the working tree status.',
    log: 'Shows history.',
    show: 'Shows objects.',
    diff: 'Shows differences.',
    blame: 'Shows line history.',
    annotate: 'Shows line history.',
    shortlog: 'Summarises history.',
    describe: 'Describes a commit.',
    'rev-parse': 'Resolves revisions.',
    'rev-list': 'Lists revisions.',
    'ls-files': 'Lists tracked files.',
    'ls-remote': 'Lists remote references.',
    'ls-tree': 'Lists a tree.',
    'cat-file': 'Prints an object.',
    grep: 'Searches tracked files.',
    'show-ref': 'Lists references.',
    'for-each-ref': 'Lists references.',
    'merge-base': 'Finds a common ancestor.',
    'name-rev': 'Names a revision.',
    'count-objects': 'Counts objects.',
    fsck: 'Verifies the object database.',
    'verify-commit': 'Verifies a signature.',
    'verify-tag': 'Verifies a signature.',
    'check-ignore': 'Checks ignore rules.',
    'check-attr': 'Checks attributes.',
    whatchanged: 'Shows history.',
    'range-diff': 'Compares ranges.',
    version: 'Prints the version.',
    help: 'Prints help.',
    cherry: 'Lists unmerged commits.',
    'diff-tree': 'Compares trees.',
    'diff-index': 'Compares the index.',
    'diff-files': 'Compares files.',
    var: 'Prints a variable.',
  },
  caution: {
    fetch: 'Downloads remote changes into remote-tracking references.',
    pull: 'Fetches and merges into the working tree.',
    merge: 'Merges another branch.',
    rebase: 'Rewrites local commits onto another base.',
    'cherry-pick': 'Applies commits.',
    revert: 'Adds a commit that undoes another (history preserved).',
    commit: 'Records a commit.',
    add: 'Stages changes.',
    rm: 'Removes tracked files (recoverable from history).',
    mv: 'Moves tracked files.',
    restore: 'Restores files from the index or a commit.',
    checkout: 'Switches branches or restores files.',
    switch: 'Switches branches.',
    clone: 'Clones a repository into a new directory.',
    init: 'Creates a repository.',
    am: 'Applies mailed patches.',
    apply: 'Applies a patch to the working tree.',
    bisect: 'Moves HEAD to bisect.',
    submodule: 'Changes submodules.',
    worktree: 'Manages worktrees.',
    notes: 'Changes notes.',
    gc: 'Packs and prunes objects.',
    prune: 'Prunes unreachable objects.',
    repack: 'Repacks objects.',
    'format-patch': 'Writes patch files.',
    archive: 'Writes an archive.',
    'update-index': 'Changes the index.',
    'sparse-checkout': 'Changes the sparse checkout.',
    lfs: 'Runs Git LFS.',
    maintenance: 'Runs repository maintenance.',
  },
  dangerous: {
    'filter-branch': 'Rewrites history of every matching commit.',
    'filter-repo': 'Rewrites repository history.',
    'update-ref': 'Moves or deletes references directly.',
  },
});

const pushArgs = argParser({
  valued: [
    '--repo',
    '--receive-pack',
    '--exec',
    '-o',
    '--push-option',
    '--signed',
    '--force-with-lease',
    '--force-if-includes',
  ],
});

function push(inv: Invocation, p: ParsedArgs): ReturnType<Rule> {
  const [remote, ...refspecs] = p.positionals;
  const target = [remote, ...refspecs].map((w) => w?.value ?? w?.raw).join(' ') || null;
  if (p.has('-n', '--dry-run')) return safe(inv, 'git.push-dry-run', 'Dry run: shows what would be pushed.');
  if (
    p.has('-f', '--force', '--force-with-lease', '--force-if-includes', '--mirror', '--prune') ||
    refspecs.some((r) => r.value?.startsWith('+'))
  ) {
    return dangerous(inv, 'git.push-force', 'Force-pushes: rewrites history others have pulled.', { target });
  }
  if (p.has('-d', '--delete') || refspecs.some((r) => r.value?.startsWith(':'))) {
    return dangerous(inv, 'git.push-delete', 'Deletes a branch or tag on the remote.', { target });
  }
  return caution(inv, 'git.push', 'Publishes commits to the remote.', { target });
}

const subArgs = argParser({
  valued: [
    '-m',
    '-F',
    '-C',
    '-c',
    '-b',
    '-B',
    '--author',
    '--date',
    '-u',
    '--upstream',
    '--format',
    '--pretty',
    '-n',
    '--max-count',
    '--since',
    '--until',
    '--grep',
    '-S',
    '-G',
    '--depth',
    '--branch',
    '-o',
    '--origin',
    '--output',
    '-X',
    '--strategy',
    '-s',
    '--onto',
    '--exec',
  ],
});

/** Subcommands whose level depends on their flags. */
function refine(inv: Invocation, verb: string, p: ParsedArgs): ReturnType<Rule> | null {
  const words = p.positionals.map((w) => w.value);
  switch (verb) {
    case 'push':
      return push(inv, pushArgs.parse(inv.args.slice(inv.args.findIndex((a) => a.value === 'push') + 1)));
    case 'reset':
      if (p.has('--hard')) return dangerous(inv, 'git.reset-hard', 'Discards uncommitted changes for good.');
      return caution(inv, 'git.reset', 'Moves HEAD and the index; the working tree is kept.');
    case 'clean':
      if (p.has('-n', '--dry-run')) return safe(inv, 'git.clean-dry-run', 'Dry run: lists what would be deleted.');
      if (p.has('-i', '--interactive'))
        return caution(inv, 'git.clean-interactive', 'Asks before deleting untracked files.');
      return dangerous(
        inv,
        'git.clean',
        'Deletes untracked files; they were never committed, so they cannot be recovered.',
      );
    case 'checkout':
      if (p.has('-f', '--force') || p.sawDoubleDash || words.includes('.')) {
        return dangerous(
          inv,
          'git.discard-changes',
          'Overwrites files in the working tree, discarding uncommitted changes.',
        );
      }
      return null;
    case 'switch':
      return p.has('-f', '--force', '--discard-changes')
        ? dangerous(inv, 'git.discard-changes', 'Discards uncommitted changes.')
        : null;
    case 'restore':
      return p.has('-S', '--staged') && !p.has('-W', '--worktree')
        ? caution(inv, 'git.unstage', 'Unstages changes.')
        : dangerous(inv, 'git.discard-changes', 'Restores files in the working tree, discarding uncommitted changes.');
    case 'stash': {
      const sub = words[0] ?? 'push';
      if (sub === 'list' || sub === 'show') return safe(inv, 'git.stash-read', 'Lists or shows stashes.');
      if (sub === 'drop' || sub === 'clear')
        return dangerous(inv, 'git.stash-drop', 'Deletes stashed changes for good.');
      return caution(inv, 'git.stash', 'Stashes or applies changes.');
    }
    case 'branch':
    case 'tag': {
      if (p.has('-D') || (verb === 'branch' && p.has('-d', '--delete') && p.has('-f', '--force'))) {
        return dangerous(
          inv,
          'git.branch-force-delete',
          'Force-deletes a branch even if unmerged; its commits may be lost.',
          { target: words.join(' ') || null },
        );
      }
      if (
        p.has(
          '-d',
          '--delete',
          '-m',
          '-M',
          '--move',
          '-c',
          '-C',
          '--set-upstream-to',
          '-u',
          '--unset-upstream',
          '-f',
          '--force',
          '-a',
          '-s',
          '--edit-description',
        )
      ) {
        return p.has(
          '-a',
          '-r',
          '--all',
          '--remotes',
          '-l',
          '--list',
          '-v',
          '--verbose',
          '--contains',
          '--merged',
          '--no-merged',
        ) && !p.has('-d', '--delete', '-m', '-M', '-f', '--force', '-s')
          ? safe(inv, `git.${verb}-list`, `Lists ${verb === 'branch' ? 'branches' : 'tags'}.`)
          : caution(inv, `git.${verb}-change`, `Changes ${verb === 'branch' ? 'branches' : 'tags'}.`);
      }
      if (words.length === 0 || p.has('-l', '--list'))
        return safe(inv, `git.${verb}-list`, `Lists ${verb === 'branch' ? 'branches' : 'tags'}.`);
      return caution(inv, `git.${verb}-create`, `Creates a ${verb}.`);
    }
    case 'remote': {
      const sub = words[0];
      if (sub === undefined || sub === 'show' || sub === 'get-url' || p.has('-v', '--verbose'))
        return safe(inv, 'git.remote-read', 'Shows remotes.');
      if (sub === 'prune')
        return p.has('-n', '--dry-run')
          ? safe(inv, 'git.remote-read', 'Dry run.')
          : caution(inv, 'git.remote-change', 'Prunes stale remote-tracking branches.');
      return caution(inv, 'git.remote-change', 'Changes remote configuration.');
    }
    case 'config':
      if (
        p.has('-l', '--list', '--get', '--get-all', '--get-regexp', '--show-origin') ||
        (words.length <= 1 &&
          !p.has(
            '--unset',
            '--unset-all',
            '--add',
            '--replace-all',
            '-e',
            '--edit',
            '--remove-section',
            '--rename-section',
          ))
      ) {
        return safe(inv, 'git.config-read', 'Reads configuration.');
      }
      return caution(inv, 'git.config-write', 'Changes Git configuration.');
    case 'reflog': {
      const sub = words[0] ?? 'show';
      return sub === 'expire' || sub === 'delete'
        ? dangerous(inv, 'git.reflog-expire', 'Deletes reflog entries, the last way to recover lost commits.')
        : safe(inv, 'git.reflog', 'Shows the reflog.');
    }
    case 'apply':
      return p.has('--check', '--stat', '--numstat', '--summary')
        ? safe(inv, 'git.apply-check', 'Checks a patch only.')
        : null;
    case 'worktree':
      return words[0] === 'list'
        ? safe(inv, 'git.worktree-list', 'Lists worktrees.')
        : words[0] === 'remove' && p.has('-f', '--force')
          ? dangerous(inv, 'git.worktree-force-remove', 'Removes a worktree with uncommitted changes.')
          : null;
    case 'submodule':
      return words[0] === undefined || words[0] === 'status' || words[0] === 'summary'
        ? safe(inv, 'git.submodule-status', 'Shows submodules.')
        : null;
    case 'gc':
    case 'prune':
      return p.options.has('--prune') && p.get('--prune')?.value === 'now'
        ? dangerous(inv, 'git.prune-now', 'Prunes unreachable objects immediately; lost commits cannot be recovered.')
        : null;
    case 'lfs':
      return words[0] === 'ls-files' || words[0] === 'status' || words[0] === 'env' || words[0] === 'version'
        ? safe(inv, 'git.lfs-read', 'Shows LFS state.')
        : null;
    case 'archive':
    case 'format-patch':
      return null;
    default:
      return null;
  }
}

/**
 * git: read-only subcommands are safe; ones that change the local repository are caution;
 * ones that destroy uncommitted work or rewrite shared history are dangerous. Unknown
 * subcommands may be aliases for anything, so they are unknown.
 */
const git: Rule = (inv) => {
  if (asksForHelp(inv.args)) return helpFinding(inv, 'git');
  let i = 0;
  const findings: Finding[] = [];
  for (; i < inv.args.length; i++) {
    const v = inv.args[i]!.value;
    if (v === null) return unknown(inv, 'git.dynamic', 'The git subcommand is only known at run time.');
    if (!v.startsWith('-')) break;
    if (
      v === '-c' &&
      /^(alias\.|core\.(sshCommand|pager|editor|fsmonitor|hooksPath)|.*\.(command|helper|program))/i.test(
        inv.args[i + 1]?.value ?? '',
      )
    ) {
      findings.push(finding(inv, 'caution', 'env.code-injection', 'git -c sets an option that runs other programs.'));
    }
    if (GIT_GLOBAL_VALUED.has(v)) i++;
  }
  const verb = inv.args[i]?.value;
  if (!verb) return safe(inv, 'git.help', 'Prints usage.');
  const p = subArgs.parse(inv.args.slice(i + 1));
  // `git log --output=f`, `git archive -o f`, `git format-patch -o dir` write files.
  for (const out of p.values('--output', '-o', '--output-directory')) {
    const w = classifyWrite(out.value, 'overwrite', 'git');
    if (w) findings.push(finding(inv, w.level, w.ruleId, w.message, { target: out.value }));
  }
  const refined = refine(inv, verb, p);
  if (refined) return [...findings, ...refined];
  const entry = VERBS.get(verb);
  if (!entry)
    return [
      ...findings,
      finding(
        inv,
        'unknown',
        'git.unknown-subcommand',
        `git ${verb} is not a subcommand the scanner knows (it may be an alias).`,
      ),
    ];
  return [...findings, finding(inv, entry.level, `git.${verb}`, entry.message)];
};

export const gitRules: RuleTable = { git };
