import { classifyWrite } from '../scanner/write-target.js';
import { argParser } from './args.js';
import { asksForHelp, helpFinding } from './common.js';
import { caution, finding, type Rule, type RuleTable, safe, unknown, verbTable } from './rule.js';

const helmArgs = argParser({
  valued: [
    '-n',
    '--namespace',
    '-f',
    '--values',
    '--set',
    '--set-string',
    '--set-file',
    '--set-json',
    '--version',
    '--kube-context',
    '--kubeconfig',
    '-o',
    '--output',
    '--revision',
    '--timeout',
    '--repo',
    '--description',
    '--max',
    '--post-renderer',
    '--username',
    '--password',
    '--ca-file',
    '--cert-file',
    '--key-file',
    '--registry-config',
    '--repository-cache',
    '--repository-config',
    '-l',
    '--selector',
    '--filter',
    '--history-max',
    '--kube-apiserver',
    '--kube-as-user',
    '--kube-token',
    '-d',
    '--destination',
    '--untardir',
    '--output-dir',
  ],
});

const VERBS = verbTable({
  safe: {
    list: 'Lists releases.',
    ls: 'Lists releases.',
    status: 'Shows a release.',
    history: 'Shows release history.',
    hist: 'Shows release history.',
    template: 'Renders a chart locally.',
    diff: 'Shows what an upgrade would change.',
    show: 'Shows chart information.',
    inspect: 'Shows chart information.',
    search: 'Searches charts.',
    lint: 'Checks a chart.',
    version: 'Prints the version.',
    env: 'Prints Helm settings.',
    verify: 'Verifies a chart signature.',
    completion: 'Prints shell completion code.',
  },
  caution: {
    upgrade: 'Deploys a new release revision; helm rollback undoes it.',
    install: 'Installs a release.',
    rollback: 'Rolls back to a previous revision.',
    test: 'Runs the release’s test pods.',
    pull: 'Downloads a chart.',
    fetch: 'Downloads a chart.',
    package: 'Packages a chart.',
    create: 'Creates a chart directory.',
    push: 'Publishes a chart.',
    registry: 'Manages registry login.',
  },
  dangerous: {
    uninstall: 'Removes the release and every resource it created.',
    delete: 'Removes the release and every resource it created.',
    del: 'Removes the release and every resource it created.',
    un: 'Removes the release and every resource it created.',
  },
});

/** helm: reads are safe, `get values/all/manifest` can print secrets, changes are caution, uninstall is dangerous. */
const helm: Rule = (inv) => {
  if (asksForHelp(inv.args, ['-h'])) return helpFinding(inv, 'helm');
  const p = helmArgs.parse(inv.args);
  const [verbWord, subWord, releaseWord] = p.positionals;
  const verb = verbWord?.value;
  if (!verb)
    return verbWord
      ? unknown(inv, 'helm.dynamic', 'The helm subcommand is only known at run time.')
      : safe(inv, 'helm.help', 'Prints usage.');
  const release = verb === 'get' ? (releaseWord?.value ?? null) : (subWord?.value ?? null);
  const dryRun = p.get('--dry-run');
  if (
    dryRun &&
    (dryRun.word.value === '--dry-run' ||
      dryRun.value === 'client' ||
      dryRun.value === 'server' ||
      dryRun.value === 'true')
  )
    return safe(inv, 'helm.dry-run', `helm ${verb} --dry-run renders without changing the cluster.`, {
      target: release,
    });
  if (verb === 'get') {
    const what = subWord?.value;
    if (what === 'notes' || what === 'hooks' || what === 'metadata')
      return safe(inv, 'helm.get', `Shows the release ${what}.`);
    return [
      finding(
        inv,
        'caution',
        'secret.helm-values',
        `helm get ${what ?? ''} prints values and manifests, which often hold secrets.`,
        { target: release },
      ),
    ];
  }
  if (verb === 'repo') {
    const sub = subWord?.value;
    return sub === 'list' || sub === 'ls'
      ? safe(inv, 'helm.repo-list', 'Lists repositories.')
      : caution(inv, 'helm.repo-change', 'Changes local repository configuration.');
  }
  if (verb === 'plugin' || verb === 'dependency' || verb === 'dep') {
    const sub = subWord?.value;
    return sub === 'list' || sub === 'ls'
      ? safe(inv, `helm.${verb}-list`, 'Lists.')
      : caution(inv, `helm.${verb}-change`, `Changes chart ${verb}s.`);
  }
  const outputDir = p.get('--output-dir');
  if (outputDir && (verb === 'template' || verb === 'install' || verb === 'upgrade')) {
    const w = classifyWrite(outputDir.value, 'overwrite', 'helm');
    if (w)
      return [
        finding(inv, w.level, w.ruleId, `Writes rendered manifests under ${outputDir.value ?? 'a directory'}.`, {
          target: outputDir.value,
        }),
      ];
  }
  const entry = VERBS.get(verb);
  if (!entry)
    return unknown(
      inv,
      'helm.unknown-subcommand',
      `helm ${verb} is not a subcommand the scanner knows (it may be a plugin).`,
    );
  const ruleId = entry.level === 'dangerous' ? 'helm.uninstall' : `helm.${verb}`;
  return [finding(inv, entry.level, ruleId, entry.message, { target: entry.level === 'safe' ? null : release })];
};

export const helmRules: RuleTable = { helm };
