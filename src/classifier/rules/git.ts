import type { Invocation } from '../scanner/invocation.js';
import { isSecretFile } from '../scanner/paths.js';
import type { Finding } from '../scanner/scope.js';
import type { Word } from '../scanner/word.js';
import { classifyWrite } from '../scanner/write-target.js';
import { argParser, type ParsedArgs } from './args.js';
import { asksForHelp, helpFinding, scanScriptWords } from './common.js';
import {
  caution,
  dangerous,
  finding,
  type Rule,
  type RuleContext,
  type RuleTable,
  safe,
  unknown,
  verbTable,
} from './rule.js';

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

/** `-c` keys that only change how output looks. Any other key may name a program to run. */
const HARMLESS_CONFIG_KEY =
  /^(color\.|column\.|advice\.|log\.(date|decorate|abbrevCommit|showSignature|follow)|core\.(quotepath|abbrev)$|i18n\.|user\.(name|email)$|init\.defaultBranch$|safe\.directory$|diff\.(noprefix|mnemonicPrefix|renames|colorMoved|algorithm|context|interHunkContext|relative|statGraphWidth)$|status\.(short|branch|showUntrackedFiles|relativePaths)$|blame\.|grep\.(lineNumber|column|patternType|extendedRegexp|fullName)$|format\.pretty$|protocol\.version$|http\.(sslVerify|postBuffer|lowSpeedLimit|lowSpeedTime)$|fetch\.(prune|pruneTags|parallel)$)/i;
/** Keys whose value is a command line git runs (`core.pager`, `alias.x=!…`, `core.sshCommand` …). */
const COMMAND_CONFIG_KEY =
  /^(alias\.|core\.(pager|editor|sshCommand|fsmonitor|askPass|gitProxy)$|pager\.|sequence\.editor$|diff\.external$|(diff|merge|filter|credential|gpg|difftool|mergetool)\..*\.(command|textconv|driver|clean|smudge|process|helper|program|cmd)$|credential\.helper$|gpg\.program$|uploadpack\.packObjectsHook$)/i;

/**
 * git's global options (decision 0021). `-c key=value` and `--config-env` set configuration,
 * and configuration can run programs (pagers, fsmonitor, hooks, diff drivers, aliases
 * starting with `!`): a key that names a command has its value classified as a shell payload;
 * any key not known to be cosmetic is unknown. `--exec-path=<dir>` and `--git-dir` make git run
 * programs or read configuration from elsewhere: unknown. `--work-tree`, `--namespace` and
 * `--super-prefix` redirect what git reads and writes: caution. `-C <dir>` only changes the
 * directory, as `cd` would.
 */
function globalOption(inv: Invocation, ctx: RuleContext, option: string, next: Word | undefined): GlobalOption {
  const [name, inlineValue] = splitEquals(option);
  const valueWord = inlineValue === null ? next : undefined;
  const consumesNext = inlineValue === null && GIT_GLOBAL_VALUED.has(name) && name !== '--exec-path';
  const value = inlineValue ?? (consumesNext ? (next?.value ?? null) : null);
  switch (name) {
    case '-c':
      return { consumesNext, findings: configFindings(inv, ctx, value, valueWord) };
    case '--config-env': {
      const key = value?.split('=')[0] ?? '';
      return {
        consumesNext,
        findings: HARMLESS_CONFIG_KEY.test(key)
          ? []
          : unknown(
              inv,
              'git.config-env',
              `git --config-env sets ${key || 'a key'} from an environment variable the scanner cannot see.`,
            ),
      };
    }
    case '--exec-path':
      return {
        consumesNext: false,
        findings:
          inlineValue === null
            ? []
            : unknown(
                inv,
                'git.exec-path',
                `git runs its subcommands from ${inlineValue}, which the scanner cannot see.`,
                { target: inlineValue },
              ),
      };
    case '--git-dir':
      return {
        consumesNext,
        findings: unknown(
          inv,
          'git.git-dir',
          `Uses the repository at ${value ?? '?'}: its configuration and hooks can run programs the scanner cannot see.`,
          { target: value },
        ),
      };
    case '--work-tree':
    case '--namespace':
    case '--super-prefix':
      return {
        consumesNext,
        findings: caution(
          inv,
          'git.redirected',
          `${name} makes git read and write somewhere other than the current repository (${value ?? '?'}).`,
          { target: value },
        ),
      };
    default:
      return { consumesNext, findings: [] };
  }
}

interface GlobalOption {
  consumesNext: boolean;
  findings: Finding[];
}

function splitEquals(option: string): [string, string | null] {
  if (!option.startsWith('--')) return [option, null];
  const eq = option.indexOf('=');
  return eq < 0 ? [option, null] : [option.slice(0, eq), option.slice(eq + 1)];
}

function configFindings(inv: Invocation, ctx: RuleContext, setting: string | null, word: Word | undefined): Finding[] {
  if (setting === null) return unknown(inv, 'git.dynamic-config', 'git -c sets configuration known only at run time.');
  const eq = setting.indexOf('=');
  const key = eq < 0 ? setting : setting.slice(0, eq);
  const value = eq < 0 ? '' : setting.slice(eq + 1);
  if (HARMLESS_CONFIG_KEY.test(key)) return [];
  if (COMMAND_CONFIG_KEY.test(key)) {
    // Aliases and helpers starting with `!` are shell commands; other aliases are git subcommands.
    const shellCommand = value.startsWith('!') ? value.slice(1) : null;
    const script = key.toLowerCase().startsWith('alias.') ? shellCommand : (shellCommand ?? value);
    const floor = finding(inv, 'caution', 'env.code-injection', `git -c ${key} names a program git will run.`, {
      target: key,
    });
    if (script === null) return [floor];
    if (script.trim() === '' || /^(cat|less( -[A-Za-z]+)*|more)$/.test(script.trim())) return [];
    const offset =
      word?.valueOffset == null
        ? null
        : word.valueOffset + (setting.length - value.length) + (script === value ? 0 : 1);
    return [floor, ...ctx.scanScript({ text: script, offsetBase: offset, fallbackSpan: word?.span ?? inv.span })];
  }
  return unknown(
    inv,
    'git.config',
    `git -c ${key} may change which programs git runs; the scanner does not know this key.`,
    { target: key },
  );
}

/** Subcommand options whose value is a program git runs (`grep -O<pager>`, `fetch --upload-pack=…`). */
const PROGRAM_OPTIONS = ['--upload-pack', '--receive-pack', '--exec', '--open-files-in-pager', '-u', '-x'];
/** Options that make git run programs named in the repository's configuration. */
const CONFIGURED_PROGRAM_FLAGS = ['--ext-diff', '--textconv'];

function rebaseExecOptions(inv: Invocation): Array<{ value: string | null; word: Word }> {
  const out: Array<{ value: string | null; word: Word }> = [];
  inv.args.forEach((a, i) => {
    const next = inv.args[i + 1];
    if (a.value === '-x' && next) out.push({ value: next.value, word: next });
  });
  return out;
}

function programOptions(inv: Invocation, ctx: RuleContext, verb: string, p: ParsedArgs): Finding[] {
  const findings: Finding[] = [];
  for (const name of PROGRAM_OPTIONS) {
    // `-u` is `--upload-pack` only for clone; elsewhere it means upstream or untracked files.
    if (name === '-u' && verb !== 'clone') continue;
    // `-x` is `--exec` only for rebase (a shell command run after each commit); elsewhere
    // (`clean -x`, `cherry-pick -x`) it is a flag, so its value is read here, not by the parser.
    if (name === '-x' && verb !== 'rebase') continue;
    const options = name === '-x' ? rebaseExecOptions(inv) : p.values(name);
    for (const option of options) {
      if (option.value === null) {
        findings.push(
          finding(inv, 'unknown', 'git.program-option', `git ${verb} ${name} runs a program known only at run time.`),
        );
        continue;
      }
      findings.push(
        finding(inv, 'caution', 'git.program-option', `git ${verb} ${name} runs ${option.value}.`, {
          target: option.value,
        }),
        ...ctx.scanScript({ text: option.value, offsetBase: option.word.valueOffset, fallbackSpan: option.word.span }),
      );
    }
  }
  for (const flag of CONFIGURED_PROGRAM_FLAGS) {
    if (p.has(flag)) {
      findings.push(
        finding(
          inv,
          'unknown',
          'git.configured-program',
          `git ${verb} ${flag} runs the program the repository's configuration names, which the scanner cannot see.`,
        ),
      );
    }
  }
  // `git grep -O<pager>`: the pager is glued to the flag.
  for (const word of verb === 'grep' ? inv.args : []) {
    const pager = word.value === null ? null : /^-O(.+)$/.exec(word.value)?.[1];
    if (pager) {
      findings.push(
        finding(inv, 'caution', 'git.program-option', `git grep runs ${pager} on the matching files.`, {
          target: pager,
        }),
        ...ctx.scanScript({ text: pager, offsetBase: null, fallbackSpan: word.span }),
      );
    }
  }
  if (verb === 'submodule' && p.positionals[0]?.value === 'foreach') {
    findings.push(...scanScriptWords(inv, ctx, p.positionals.slice(1), 'git'));
  }
  return findings;
}

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
    '--upload-pack',
    '--receive-pack',
    '--open-files-in-pager',
  ],
});

/** Subcommands whose level depends on their flags. */
function refine(inv: Invocation, verb: string, p: ParsedArgs): ReturnType<Rule> | null {
  const words = p.positionals.map((w) => w.value);
  // `git show HEAD:.env` prints a credential file from history (decisions 0003, 0027).
  const readsBlob = verb === 'show' || verb === 'cat-file';
  const secretBlob = readsBlob
    ? words.find((w) => w?.includes(':') && isSecretFile(w.slice(w.indexOf(':') + 1)))
    : null;
  if (secretBlob) {
    return caution(inv, 'secret.file', `Prints ${secretBlob}, a credential file, from the repository.`, {
      target: secretBlob,
    });
  }
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
      if (words[0] === 'foreach')
        return safe(inv, 'git.submodule-foreach', 'Runs a command in every submodule (judged below).');
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
const git: Rule = (inv, ctx) => {
  if (asksForHelp(inv.args)) return helpFinding(inv, 'git');
  let i = 0;
  const findings: Finding[] = [];
  for (; i < inv.args.length; i++) {
    const word = inv.args[i]!;
    const v = word.value;
    if (v === null) return unknown(inv, 'git.dynamic', 'The git subcommand is only known at run time.');
    if (!v.startsWith('-')) break;
    const global = globalOption(inv, ctx, v, inv.args[i + 1]);
    findings.push(...global.findings);
    if (global.consumesNext) i++;
  }
  const verb = inv.args[i]?.value;
  if (!verb) return safe(inv, 'git.help', 'Prints usage.');
  const p = subArgs.parse(inv.args.slice(i + 1));
  // `git log --output=f`, `git archive -o f`, `git format-patch -o dir` write files.
  for (const out of p.values('--output', '-o', '--output-directory')) {
    const w = classifyWrite(out.value, 'overwrite', 'git');
    if (w) findings.push(finding(inv, w.level, w.ruleId, w.message, { target: out.value }));
  }
  findings.push(...programOptions(inv, ctx, verb, p));
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
