import { asksForHelp, helpFinding } from './common.js';
import { caution, dangerous, type Rule, type RuleTable, safe, unknown } from './rule.js';

/**
 * Package managers (decision 0016): listing and searching are safe; installing, upgrading
 * and refreshing indexes are caution; removing packages is dangerous (a removed dependency
 * can take services down, and purge deletes configuration). Simulations are safe.
 */
interface PackageManager {
  read: RegExp;
  change: RegExp;
  remove: RegExp;
  /** Flags that make any action a simulation. */
  simulate?: RegExp;
  /** Actions that run arbitrary scripts (npm run): unknown. */
  opaque?: RegExp;
}

/** Sub-verbs that turn a read verb into a change (decision 0027). */
const CHANGING_SUBVERB = /^(set|unset|delete|del|rm|remove|edit|undo|redo|rollback|add|fix|replay|store)$/;

function packageManager(family: string, spec: PackageManager): Rule {
  return (inv) => {
    if (asksForHelp(inv.args, ['-h', '-V'])) return helpFinding(inv, family);
    const flags = inv.args.filter((a) => a.value?.startsWith('-')).map((a) => a.value!);
    const words = inv.args.filter((a) => a.value === null || !a.value.startsWith('-'));
    const action = words[0]?.value;
    const packages = words.slice(1).map((w) => w.value ?? w.raw);
    const target = packages.join(' ') || null;
    if (action === undefined)
      return words.length > 0
        ? unknown(inv, `${family}.dynamic`, 'The action is only known at run time.')
        : safe(inv, `${family}.help`, 'Prints usage.');
    if (action === null) return unknown(inv, `${family}.dynamic`, 'The action is only known at run time.');
    if (spec.simulate && flags.some((f) => spec.simulate!.test(f)))
      return safe(inv, `${family}.simulate`, `Simulates ${action}; nothing changes.`);
    // A read verb with a changing sub-verb (`dnf history undo`, `npm config set`, `pip config edit`).
    const sub = words[1]?.value ?? null;
    if (spec.read.test(action) && sub !== null && CHANGING_SUBVERB.test(sub))
      return caution(inv, `${family}.change`, `${family} ${action} ${sub} changes packages or configuration.`, {
        target: words[2]?.value ?? null,
      });
    if (spec.read.test(action)) return safe(inv, `${family}.read`, `${family} ${action} only reads.`);
    if (spec.remove.test(action))
      return dangerous(
        inv,
        `${family}.remove`,
        `Removes packages${target ? ` (${target})` : ''}; services depending on them break.`,
        { target },
      );
    if (spec.opaque?.test(action))
      return unknown(inv, `${family}.script`, `${family} ${action} runs project scripts the scanner cannot see.`);
    if (spec.change.test(action))
      return caution(inv, `${family}.change`, `${family} ${action} changes installed software.`, { target });
    return unknown(inv, `${family}.unknown-action`, `${family} ${action} is not an action the scanner knows.`);
  };
}

/** `-s` alone or in a cluster of apt's own short flags (`-qs`, `-ys`); not any word with an s in it. */
const APT_SIMULATE = /^(-s|--simulate|--just-print|--dry-run|--recon|--no-act|--assume-no|-[qyfmdubV]*s[qyfmdubV]*)$/;

const apt = packageManager('apt', {
  read: /^(list|show|search|policy|depends|rdepends|madison|changelog|showsrc|showpkg|stats|dump|pkgnames|dotty|xvcg|unmet|check|help|moo)$/,
  change:
    /^(update|install|upgrade|dist-upgrade|full-upgrade|reinstall|build-dep|source|download|clean|autoclean|satisfy|hold|unhold|markauto|mark|edit-sources)$/,
  remove: /^(remove|purge|autoremove|autopurge)$/,
  simulate: APT_SIMULATE,
});

const dnf = packageManager('dnf', {
  read: /^(list|info|search|provides|whatprovides|repolist|repoinfo|check-update|deplist|repoquery|history|updateinfo|check|alias)$/,
  change:
    /^(install|update|upgrade|downgrade|reinstall|groupinstall|groupupdate|makecache|clean|localinstall|update-minimal|distro-sync|swap|config-manager|module|mark|versionlock|builddep)$/,
  remove: /^(remove|erase|autoremove|groupremove|group-remove)$/,
  simulate: /^(--assumeno|--setopt=tsflags=test)$/,
});

const apk = packageManager('apk', {
  read: /^(info|search|list|policy|stats|dot|audit|verify|version)$/,
  change: /^(add|update|upgrade|fix|cache|fetch|index)$/,
  remove: /^(del|delete)$/,
  simulate: /^(-s|--simulate)$/,
});

const pip = packageManager('pip', {
  read: /^(list|show|freeze|check|search|config|debug|inspect|index|help)$/,
  change: /^(install|download|wheel|cache|hash)$/,
  remove: /^(uninstall)$/,
  simulate: /^(--dry-run)$/,
});

const npm = packageManager('npm', {
  read: /^(ls|list|ll|la|view|info|show|v|outdated|config|get|root|prefix|bin|doctor|ping|search|whoami|version|explain|why|query|fund|help)$/,
  change:
    /^(install|i|add|ci|update|up|upgrade|link|ln|audit|dedupe|prune|rebuild|publish|unpublish|deprecate|dist-tag|cache|pack|init|set|login|logout|adduser|owner|access|token)$/,
  remove: /^(uninstall|remove|rm|r|un|unlink)$/,
  simulate: /^(--dry-run)$/,
  opaque: /^(run|run-script|start|test|t|exec|x|restart|stop|rum|urn|pkg|explore|edit)$/,
});

const gem = packageManager('gem', {
  read: /^(list|info|search|query|specification|contents|dependency|environment|which|help|outdated)$/,
  change: /^(install|update|fetch|build|push|cleanup|pristine|sources)$/,
  remove: /^(uninstall)$/,
});

const brew = packageManager('brew', {
  read: /^(list|ls|info|search|outdated|deps|uses|doctor|config|leaves|desc|home|--version|log|cat|missing)$/,
  change: /^(install|reinstall|upgrade|update|tap|untap|link|unlink|pin|unpin|cleanup|services)$/,
  remove: /^(uninstall|remove|rm)$/,
  simulate: /^(-n|--dry-run)$/,
});

const snap = packageManager('snap', {
  read: /^(list|info|find|search|changes|change|version|services|logs|connections|interface|known|warnings|aliases|get)$/,
  change:
    /^(install|refresh|revert|enable|disable|start|stop|restart|connect|disconnect|set|alias|unalias|switch|hold|unhold)$/,
  remove: /^(remove)$/,
});

const zypper = packageManager('zypper', {
  read: /^(search|se|info|if|list-updates|lu|packages|pa|repos|lr|patches|lp|patterns|products|what-provides|wp)$/,
  change: /^(install|in|update|up|dist-upgrade|dup|patch|refresh|ref|addrepo|ar|modifyrepo|clean|source-install)$/,
  remove: /^(remove|rm|removerepo|rr)$/,
  simulate: /^(--dry-run|-D)$/,
});

const yarn = packageManager('yarn', {
  read: /^(list|info|why|outdated|config|versions|licenses|bin)$/,
  change: /^(install|add|upgrade|up|link|import|publish|cache|set|dedupe)$/,
  remove: /^(remove|unlink)$/,
  opaque: /^(run|start|test|exec|dlx|node|workspace|workspaces)$/,
});

const go: Rule = (inv) => {
  const action = inv.args[0]?.value;
  if (
    action === 'version' ||
    action === 'env' ||
    action === 'list' ||
    action === 'doc' ||
    action === 'vet' ||
    action === 'help'
  )
    return safe(inv, 'go.read', `go ${action} only reads.`);
  if (action === 'run' || action === 'test' || action === 'generate' || action === 'tool')
    return unknown(inv, 'go.script', `go ${action} runs code the scanner cannot see.`);
  if (
    action === 'build' ||
    action === 'install' ||
    action === 'get' ||
    action === 'mod' ||
    action === 'clean' ||
    action === 'work' ||
    action === 'fmt'
  ) {
    return caution(inv, 'go.change', `go ${action} writes files.`);
  }
  return unknown(inv, 'go.unknown-action', `go ${action ?? ''} is not known.`);
};

/** dpkg and rpm act by flag rather than by verb. */
function flagManager(family: string, read: RegExp, change: RegExp, remove: RegExp): Rule {
  return (inv) => {
    const flags = inv.args.filter((a) => a.value?.startsWith('-')).map((a) => a.value!);
    const target =
      inv.args
        .filter((a) => !(a.value ?? '').startsWith('-'))
        .map((a) => a.value ?? a.raw)
        .join(' ') || null;
    if (flags.some((f) => /^(--dry-run|--simulate|--no-act|--test)$/.test(f)))
      return safe(inv, `${family}.simulate`, 'Simulation only.');
    if (flags.some((f) => remove.test(f)))
      return dangerous(inv, `${family}.remove`, 'Removes packages; services depending on them break.', { target });
    if (flags.some((f) => change.test(f)))
      return caution(inv, `${family}.change`, 'Installs or reconfigures packages.', { target });
    if (flags.some((f) => read.test(f))) return safe(inv, `${family}.read`, 'Queries the package database.');
    return unknown(inv, `${family}.unknown-action`, `${family} without a recognised action.`);
  };
}

const dpkg = flagManager(
  'dpkg',
  /^(-l|--list|-L|--listfiles|-s|--status|-S|--search|-p|--print-avail|--get-selections|--print-architecture|--print-foreign-architectures|-c|--contents|-I|--info|--compare-versions|--audit|-C|--verify|-V)$/,
  /^(-i|--install|--unpack|--configure|-a|--set-selections|--add-architecture|--clear-avail|--update-avail)$/,
  /^(-r|--remove|-P|--purge)$/,
);
const rpm = flagManager(
  'rpm',
  /^-q[a-zA-Z]*$|^(--query|-V|--verify|-K|--checksig|--showrc|--eval)$/,
  /^-[UiF][a-zA-Z]*$|^(--upgrade|--install|--freshen|--import|--rebuilddb|--setperms|--setugids)$/,
  /^-e[a-zA-Z]*$|^(--erase)$/,
);

export const packageRules: RuleTable = {
  apt,
  'apt-get': apt,
  'apt-cache': packageManager('apt-cache', { read: /./, change: /^$/, remove: /^$/ }),
  aptitude: apt,
  dpkg,
  'dpkg-query': (inv) => safe(inv, 'dpkg.read', 'Queries the package database.'),
  yum: dnf,
  dnf,
  microdnf: dnf,
  rpm,
  apk,
  pip,
  pip3: pip,
  pipx: pip,
  npm,
  pnpm: npm,
  yarn,
  gem,
  brew,
  snap,
  zypper,
  go,
};
