/** Path classes that decide how risky a write, delete or read is. */

/** Writes here change nothing: the bit bucket and the process's own streams. */
const HARMLESS_TARGETS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/tty', '/dev/zero', '-']);

/** Block devices and raw memory: a write destroys a filesystem or the running kernel. */
const DEVICE_PATTERNS = [
  /^\/dev\/(sd|hd|vd|xvd|nvme|mmcblk|md|dm-|loop|nbd|rbd|zd|sr|n?st|sg|fd)[a-z0-9]*/,
  /^\/dev\/(mapper|disk|block|bus)\//,
  /^\/dev\/(mem|kmem|port|kmsg|nvram|mtd)/,
];

/** The operating system's own files: overwriting one can leave a host unbootable or unreachable. */
const SYSTEM_PREFIXES = ['/etc', '/boot', '/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/var/lib'];

/** Kernel interfaces: a write is an immediate, host-wide state change (sysrq, drop_caches …). */
const KERNEL_PREFIXES = ['/proc', '/sys'];

export function normalisePath(path: string): string {
  let p = path.replace(/\/+/g, '/');
  if (p.length > 1) p = p.replace(/\/+$/, '');
  // Resolve `.`/`..` lexically so `/tmp/../etc` cannot pass for a temp path.
  const parts: string[] = [];
  for (const segment of p.split('/')) {
    if (segment === '.' || segment === '') continue;
    if (segment === '..') parts.pop();
    else parts.push(segment);
  }
  return p.startsWith('/') ? `/${parts.join('/')}` : parts.join('/');
}

function under(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

export function isHarmlessTarget(path: string): boolean {
  return HARMLESS_TARGETS.has(path) || /^\/dev\/fd\/\d+$/.test(path) || /^\/proc\/self\/fd\/\d+$/.test(path);
}

export function isDevicePath(path: string): boolean {
  return DEVICE_PATTERNS.some((re) => re.test(path));
}

export function isKernelPath(path: string): boolean {
  return under(normalisePath(path), KERNEL_PREFIXES);
}

/** The filesystem root, or a system directory (or a file inside one). */
export function isSystemPath(path: string): boolean {
  const p = normalisePath(path);
  return p === '/' || under(p, SYSTEM_PREFIXES) || under(p, KERNEL_PREFIXES);
}

/** `/`, `/*`, `/etc`, `/usr/*`: the top of the tree or a whole system directory. */
export function isRootOrSystemDir(path: string): boolean {
  const p = normalisePath(path.replace(/\/\*$/, '') || '/');
  return (
    p === '/' ||
    p === '' ||
    SYSTEM_PREFIXES.includes(p) ||
    KERNEL_PREFIXES.includes(p) ||
    p === '/var' ||
    p === '/home' ||
    p === '/root' ||
    p === '/srv'
  );
}

/** A scratch location whose contents nobody relies on. */
export function isTempPath(path: string): boolean {
  const p = normalisePath(path);
  return /^\/(tmp|var\/tmp|dev\/shm)\/[^/]/.test(p);
}

const SECRET_FILE_PATTERNS = [
  /(^|\/)etc\/(shadow|gshadow)-?$/,
  /(^|\/)\.ssh\/id_[a-z0-9]+$/,
  /(^|\/)id_(rsa|dsa|ecdsa|ed25519)$/,
  /\.(pem|key|p12|pfx|jks|keystore|ppk|kdbx)$/i,
  /(^|\/)\.(pgpass|netrc|my\.cnf|git-credentials|vault-token|npmrc|pypirc|env|envrc|htpasswd)$/,
  /(^|\/)\.env\.[a-z]+$/,
  /(^|\/)\.aws\/credentials$/,
  /(^|\/)\.docker\/config\.json$/,
  /(^|\/)\.kube\/config$/,
  /(^|\/)kubeconfig$|\.kubeconfig$/,
  /(^|\/)(credentials|secrets?)(\.[a-z]+)?$/i,
  /(^|\/)etc\/kubernetes\/(admin|kubelet|controller-manager|scheduler)\.conf$/,
  /(^|\/)(var\/)?run\/secrets\//,
  /(^|\/)etc\/ssl\/private\//,
  /(^|\/)etc\/kubernetes\/pki\//,
  /^\/proc\/(\d+|self|\*)\/environ$/,
  // Decision 0027: credential stores the list above missed, by kind.
  /(^|\/)etc\/ssh\/ssh_host_[a-z0-9]+_key$/,
  /(^|\/)etc\/rancher\/(k3s|rke2)\/[a-z0-9-]+\.ya?ml$/,
  /(^|\/)var\/lib\/rancher\/(k3s|rke2)\/server\/(node-)?token$/,
  /(^|\/)etc\/kubernetes\/bootstrap-kubelet\.conf$/,
  /(^|\/)\.config\/gcloud\/(application_default_credentials\.json|credentials\.db|access_tokens\.db|legacy_credentials\/)/,
  /(^|\/)\.azure\/(accessTokens\.json|msal_token_cache\.(json|bin)|service_principal_entries\.json)$/,
  /(^|\/)\.config\/(doctl\/config\.yaml|gh\/hosts\.yml|hub|rclone\/rclone\.conf|hcloud\/cli\.toml)$/,
  /\.tfstate(\.backup)?$/,
  /(^|\/)(\.terraformrc|terraform\.rc|credentials\.tfrc\.json)$/,
  /(^|\/)(etc\/mysql\/debian\.cnf|\.mylogin\.cnf|\.s3cfg|\.boto|\.databrickscfg)$/,
  /(^|\/)\.([a-z_]+_history|history)$/,
  /(^|\/)\.local\/share\/fish\/fish_history$/,
  /(^|\/)etc\/wireguard\/[^/]+\.conf$/,
  /\.(keytab|secrets)$/,
  /(^|\/)var\/lib\/jenkins\/secrets\//,
  /(^|\/)etc\/security\/opasswd$/,
  /(^|\/)\.aws\/(sso|cli)\/cache\//,
  /(^|\/)\.kube\/cache\/oidc-login\//,
  /(^|\/)etc\/(consul|nomad)\.d\/[^/]+\.(hcl|json)$/,
  /(^|\/)etc\/gitlab-runner\/config\.toml$/,
  /(^|\/)\.m2\/settings(-security)?\.xml$/,
  /(^|\/)\.gradle\/gradle\.properties$/,
  // Names that say what they hold: `gitlab-secrets.json`, `app.credentials.yaml`, `vault_pass.txt`.
  /(^|\/)[^/]*[._-](secrets?|credentials?)([._-][^/]*)?$/i,
  /(^|\/)[^/]*vault[_-]?pass(word)?[^/]*$/i,
  /(^|\/)secrets?\/[^/]+\.(ya?ml|json|env|txt|properties|conf|ini|toml)$/i,
];

/** Files whose content is a credential; printing one posts it into the channel. */
export function isSecretFile(path: string): boolean {
  return SECRET_FILE_PATTERNS.some((re) => re.test(path));
}

/** Files that decide who may log in or become root: any write, even an append, grants access. */
const ACCESS_CONTROL = [
  /^\/etc\/(sudoers|passwd|shadow|group|gshadow)$/,
  /^\/etc\/sudoers\.d\//,
  /^\/etc\/ssh\/sshd_config(\.d\/.*)?$/,
  /^\/etc\/pam\.d\//,
  /(^|\/)\.ssh\/authorized_keys2?$/,
];

export function isAccessControlFile(path: string): boolean {
  const p = normalisePath(path);
  return ACCESS_CONTROL.some((re) => re.test(p));
}

/** Bash's pseudo-devices that open network connections. */
export function isNetworkPseudoDevice(path: string): boolean {
  return /^\/dev\/(tcp|udp)\//.test(path);
}
