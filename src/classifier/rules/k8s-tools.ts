import { caution, dangerous, type Rule, type RuleTable, safe, unknown } from './rule.js';

/**
 * GitOps and mesh CLIs around Kubernetes: reads are safe, syncs and rollbacks caution,
 * deleting applications or uninstalling control planes dangerous.
 */
function words(args: ReadonlyArray<{ value: string | null }>): string[] {
  return args.filter((a) => a.value === null || !a.value.startsWith('-')).map((a) => a.value ?? '');
}

const argocd: Rule = (inv) => {
  const [group, verb, name] = words(inv.args);
  const target = name ?? null;
  if (!group || /^(version|context|login|logout|relogin)$/.test(group)) {
    return group === 'login' || group === 'relogin'
      ? caution(inv, 'argocd.login', 'Stores a session token.')
      : safe(inv, 'argocd.read', 'Reads client state.');
  }
  if (
    /^(list|get|diff|history|manifests|logs|resources|wait|lint|render)$/.test(verb ?? '') ||
    inv.args.some((a) => a.value === '--dry-run')
  ) {
    return safe(inv, 'argocd.read', `argocd ${group} ${verb ?? ''} only reads.`);
  }
  if (verb === 'delete' || verb === 'rm')
    return dangerous(inv, 'argocd.delete', 'Deletes the application (and, with cascade, every resource it manages).', {
      target,
    });
  if (verb === 'sync' && inv.args.some((a) => a.value === '--prune'))
    return dangerous(inv, 'argocd.sync-prune', 'Sync with prune deletes live objects missing from Git.', { target });
  if (verb === undefined) return unknown(inv, 'argocd.incomplete', 'No argocd action given.');
  return caution(inv, 'argocd.change', `argocd ${group} ${verb} changes deployed state.`, { target });
};

const flux: Rule = (inv) => {
  const [verb, kind, name] = words(inv.args);
  const target = name ?? kind ?? null;
  if (!verb || /^(get|check|logs|tree|trace|stats|version|events|diff|export|build|completion)$/.test(verb))
    return safe(inv, 'flux.read', `flux ${verb ?? ''} only reads.`);
  if (verb === 'uninstall' || verb === 'delete')
    return dangerous(inv, 'flux.delete', `flux ${verb} removes GitOps objects (and possibly what they manage).`, {
      target,
    });
  return caution(inv, 'flux.change', `flux ${verb} changes reconciliation state.`, { target });
};

const meshCli =
  (family: string): Rule =>
  (inv) => {
    const [verb, sub] = words(inv.args);
    // `proxy-config log <pod> --level debug` changes the proxy's logging; without --level it reads.
    if (
      (verb === 'proxy-config' || verb === 'pc') &&
      sub === 'log' &&
      inv.args.some((a) => /^--level|^--reset/.test(a.value ?? ''))
    )
      return caution(inv, `${family}.proxy-log-level`, 'Changes the proxy’s log level.');
    if (
      (verb === 'x' || verb === 'experimental') &&
      /^(describe|precheck|version|check-inject|internal-debug)$/.test(sub ?? '')
    )
      return safe(inv, `${family}.read`, `${family} ${verb} ${sub} only reads.`);
    if (
      !verb ||
      /^(version|analyze|proxy-status|proxy-config|ps|pc|check|validate|describe|dashboard|x|experimental|bug-report|verify-install|stat|tap|top|edges|routes|diagnostics|viz)$/.test(
        verb,
      )
    ) {
      return verb === 'x' || verb === 'experimental'
        ? unknown(inv, `${family}.experimental`, `${family} ${verb} ${sub ?? ''} is not classified.`)
        : safe(inv, `${family}.read`, `${family} ${verb ?? ''} only reads.`);
    }
    if (verb === 'uninstall') return dangerous(inv, `${family}.uninstall`, 'Removes the service mesh control plane.');
    return caution(inv, `${family}.change`, `${family} ${verb} changes the mesh.`);
  };

const velero: Rule = (inv) => {
  const [group, verb] = words(inv.args);
  if (/^(get|describe|logs|version)$/.test(verb ?? '') || /^(get|describe|version)$/.test(group ?? ''))
    return safe(inv, 'velero.read', 'Reads backups.');
  if (verb === 'delete') return dangerous(inv, 'velero.delete', 'Deletes backups or schedules.');
  if (group === 'restore' && verb === 'create')
    return caution(inv, 'velero.restore', 'Restores objects into the cluster.');
  return caution(inv, 'velero.change', `velero ${group ?? ''} ${verb ?? ''} changes backup state.`);
};

export const k8sToolRules: RuleTable = {
  argocd,
  flux,
  istioctl: meshCli('istioctl'),
  linkerd: meshCli('linkerd'),
  velero,
};
