/**
 * Word lists the deterministic compiler reads prose and code with. Data, not logic: adding
 * a tool or a verb here is the whole change. Everything is lower case.
 */

// biome-ignore format: a word list reads better packed
/** Executables an SRE runbook runs; the first word of a line that is clearly a command. */
export const KNOWN_COMMANDS = new Set([
  // kubernetes and friends
  'kubectl', 'oc', 'helm', 'kustomize', 'k9s', 'kubectx', 'kubens', 'stern', 'istioctl', 'linkerd', 'argocd', 'flux',
  'velero', 'etcdctl', 'crictl', 'ctr', 'kubelet', 'kubeadm', 'minikube', 'kind', 'eksctl', 'cilium', 'calicoctl',
  // clouds and infrastructure
  'aws', 'gcloud', 'gsutil', 'bq', 'az', 'doctl', 'terraform', 'tofu', 'terragrunt', 'pulumi', 'ansible',
  'ansible-playbook', 'vault', 'consul', 'nomad', 'packer',
  // containers
  'docker', 'docker-compose', 'podman', 'nerdctl', 'skopeo', 'buildah',
  // observability
  'promtool', 'amtool', 'logcli', 'curl', 'wget', 'http', 'jq', 'yq',
  // databases and queues
  'psql', 'pg_dump', 'pg_restore', 'pg_isready', 'pg_ctl', 'pg_ctlcluster', 'pgbouncer', 'pg_basebackup', 'mysql',
  'mysqladmin', 'mysqldump', 'redis-cli', 'mongo', 'mongosh', 'mongodump', 'cqlsh', 'nodetool', 'sqlite3',
  'kafka-topics', 'kafka-consumer-groups', 'kafka-topics.sh', 'kafka-consumer-groups.sh', 'rabbitmqctl',
  'rabbitmq-diagnostics', 'clickhouse-client', 'influx',
  // services, processes and the system
  'systemctl', 'service', 'journalctl', 'dmesg', 'ps', 'pgrep', 'pkill', 'kill', 'killall', 'top', 'htop', 'uptime',
  'free', 'vmstat', 'iostat', 'mpstat', 'pidstat', 'sar', 'lsof', 'strace', 'ltrace', 'perf', 'nice', 'renice',
  'ionice', 'ulimit', 'sysctl', 'timedatectl', 'chronyc', 'ntpq', 'hwclock', 'reboot', 'shutdown', 'halt',
  'poweroff', 'crontab', 'at', 'logrotate', 'supervisorctl', 'pm2', 'nginx', 'apachectl', 'haproxy', 'envoy',
  'mailq', 'postqueue', 'postsuper', 'postfix', 'postconf', 'exim', 'sendmail', 'gitlab-runner', 'gitlab-ctl',
  'varnishadm', 'varnishstat', 'squid', 'named-checkconf', 'rndc', 'unbound-control', 'resolvectl', 'systemd-resolve',
  'hostnamectl', 'nmcli', 'networkctl', 'celery',
  'openssl', 'certbot', 'keytool', 'update-ca-certificates', 'step', 'cfssl', 'cmctl',
  // files and disks
  'df', 'du', 'ls', 'll', 'cat', 'head', 'tail', 'less', 'more', 'grep', 'egrep', 'zgrep', 'rg', 'find', 'locate',
  'stat', 'file', 'wc', 'sort', 'uniq', 'cut', 'awk', 'sed', 'tr', 'xargs', 'tee', 'diff', 'cmp', 'md5sum',
  'sha256sum', 'cp', 'mv', 'rm', 'rmdir', 'mkdir', 'touch', 'ln', 'chmod', 'chown', 'chgrp', 'truncate', 'dd', 'tar',
  'gzip', 'gunzip', 'zcat', 'zip', 'unzip', 'rsync', 'scp', 'sftp', 'mount', 'umount', 'lsblk', 'blkid', 'fdisk',
  'parted', 'mkfs', 'fsck', 'e2fsck', 'resize2fs', 'xfs_growfs', 'growpart', 'lvextend', 'lvs', 'vgs', 'pvs',
  'mdadm', 'smartctl', 'fstrim', 'ncdu', 'tree', 'readlink', 'realpath', 'basename', 'dirname',
  // network
  'ping', 'traceroute', 'tracepath', 'mtr', 'dig', 'nslookup', 'host', 'whois', 'netstat', 'ss', 'ip', 'ifconfig',
  'route', 'arp', 'ethtool', 'tcpdump', 'nc', 'ncat', 'netcat', 'telnet', 'nmap', 'iptables', 'ip6tables', 'nft',
  'ufw', 'firewall-cmd', 'conntrack', 'ssh', 'ssh-keygen', 'ssh-add', 'grpcurl', 'socat',
  // shells, builtins and utilities
  'sudo', 'su', 'env', 'export', 'echo', 'printf', 'cd', 'pwd', 'source', 'bash', 'sh', 'zsh', 'exec', 'exit',
  'sleep', 'watch', 'timeout', 'time', 'date', 'whoami', 'id', 'hostname', 'uname', 'which', 'type', 'command',
  'test', 'true', 'false', 'read', 'set', 'unset', 'alias', 'history', 'nohup', 'screen', 'tmux', 'vi', 'vim',
  'nano', 'base64', 'openvpn', 'wg', 'git', 'make', 'python', 'python3', 'node', 'npm', 'npx', 'go', 'java', 'ruby',
  'perl', 'pip', 'apt', 'apt-get', 'yum', 'dnf', 'apk', 'rpm', 'dpkg', 'snap', 'brew', 'chroot', 'nsenter', 'getent',
  'useradd', 'usermod', 'passwd', 'last', 'w', 'who', 'logger', 'yes', 'seq', 'for', 'while', 'if', 'until', 'case',
  'do', 'done', 'then', 'else', 'fi', 'esac', 'function',
]);

// biome-ignore format: a word list reads better packed
/**
 * First words of an instruction ("Check the pod events", "Restart the service"). A
 * sentence opening with one of these (after "First,", "Then", "Please" …) asks for action.
 */
export const IMPERATIVE_VERBS = new Set([
  'access', 'acknowledge', 'ack', 'add', 'adjust', 'analyze', 'analyse', 'announce', 'apply', 'approve', 'ask', 'backup',
  'bring', 'compress', 'disconnect', 'dump', 'patch', 'put', 'reconnect', 'resend', 'unseal',
  'block', 'bump', 'call', 'cancel', 'change', 'check', 'clean', 'clear', 'close', 'compare', 'configure', 'confirm',
  'connect', 'consider', 'contact', 'continue', 'copy', 'cordon', 'correct', 'create', 'decrease', 'defragment',
  'delete', 'deploy', 'describe', 'determine', 'disable', 'document', 'double-check', 'download', 'drain', 'drop',
  'edit', 'enable', 'ensure', 'escalate', 'evict', 'examine', 'execute', 'expand', 'export', 'extend', 'fail',
  'failover', 'fetch', 'file', 'find', 'fine-tune', 'fix', 'flush', 'follow', 'free', 'get', 'give', 'go', 'grep',
  'grow', 'identify', 'increase', 'inform', 'inspect', 'install', 'investigate', 'kill', 'let', 'allow', 'list', 'locate', 'log',
  'login', 'look', 'make', 'mark', 'migrate', 'monitor', 'mount', 'move', 'mute', 'note', 'notify', 'open', 'page',
  'pause', 'ping', 'point', 'post', 'prepare', 'promote', 'prune', 'purge', 'query', 'raise', 'read', 'rebalance', 'reboot',
  'rebuild', 'recreate', 'redeploy', 'reduce', 'refer', 'refresh', 'reissue', 'reload', 'remove', 'renew', 'reapply',
  'repair', 'replace', 'report', 'request', 'reset', 'resize', 'restart', 'restore', 'resume', 'retry', 'revert',
  'review', 'revoke', 'roll', 'rollback', 'rotate', 'run', 'scale', 'schedule', 'search', 'see', 'select', 'send',
  'set', 'shut', 'silence', 'snapshot', 'spread', 'ssh', 'start', 'stop', 'study', 'suspend', 'switch', 'sync',
  'tail', 'take', 'talk', 'tell', 'terminate', 'test', 'trigger', 'truncate', 'try', 'tune', 'turn', 'uncordon',
  'undo', 'unmount', 'update', 'upgrade', 'upload', 'use', 'vacuum', 'validate', 'verify', 'view', 'wait', 'watch',
  'write',
]);

// biome-ignore format: a word list reads better packed
/** Words that may open an instruction before its verb: "First, check …", "Then run …". */
export const INSTRUCTION_LEADS = new Set([
  'first', 'then', 'next', 'now', 'finally', 'also', 'please', 'afterwards', 'optionally', 'again', 'lastly',
  'second', 'third', 'either', 'immediately', 'quickly', 'carefully', 'manually', 'just', 'simply', 'always',
]);

/** Verbs that ask a person to talk to people, not to run something. */
export const PEOPLE_VERBS = new Set(['ask', 'contact', 'escalate', 'inform', 'notify', 'page', 'talk', 'tell', 'call']);

export type SectionKind = 'context' | 'prerequisites' | 'variables' | 'action' | 'unknown';

// biome-ignore format: a word list reads better packed
/** Heading words → what the section holds. Matched on the heading's first words. */
export const SECTION_KINDS: ReadonlyArray<readonly [SectionKind, readonly string[]]> = [
  ['prerequisites', [
    'prerequisites', 'prerequisite', 'pre-requisites', 'before you begin', 'before you start', 'before starting',
    'requirements', 'you will need', 'what you need', 'access needed', 'permissions needed', 'required access',
    'preparation', 'setup',
  ]],
  ['variables', [
    'variables', 'parameters', 'inputs', 'placeholders',
  ]],
  ['context', [
    'meaning', 'impact', 'overview', 'summary', 'description', 'background', 'context', 'about', 'purpose',
    'symptoms', 'references', 'reference', 'see also', 'links', 'further reading', 'related', 'faq', 'full context',
    'notes', 'history', 'owners', 'ownership', 'alert details', 'what is this alert', 'scope', 'severity',
    'business impact', 'dashboards',
  ]],
  ['action', [
    'diagnosis', 'diagnose', 'diagnostics', 'investigation', 'investigate', 'triage', 'troubleshooting',
    'troubleshoot', 'mitigation', 'mitigate', 'mitigations', 'remediation', 'remediate', 'resolution', 'resolve',
    'fix', 'fixes', 'steps', 'procedure', 'runbook', 'recovery', 'recover', 'rollback', 'roll back', 'verification',
    'verify', 'validation', 'validate', 'escalation', 'escalate', 'cleanup', 'clean up', 'workaround', 'workarounds',
    'actions', 'response', 'what to do', 'how to fix', 'checks', 'health checks', 'restore', 'instructions',
    'immediate actions', 'next steps', 'follow-up', 'follow up', 'post-incident', 'step',
  ]],
];

// biome-ignore format: a word list reads better packed
/**
 * Environment variables the shell or the user's session fills; a runbook never asks for
 * them, so they are not runbook variables (unless the runbook declares one).
 */
export const ENVIRONMENT_VARIABLES = new Set([
  'HOME', 'PATH', 'USER', 'LOGNAME', 'PWD', 'OLDPWD', 'SHELL', 'HOSTNAME', 'RANDOM', 'UID', 'EUID', 'PPID', 'LANG',
  'LC_ALL', 'TERM', 'TMPDIR', 'IFS', 'SECONDS', 'LINENO', 'BASHPID', 'BASH_SOURCE', 'EDITOR', 'PAGER', 'KUBECONFIG',
  'PS1', 'PS2', 'REPLY', 'OPTARG', 'OPTIND',
]);

// biome-ignore format: a word list reads better packed
/**
 * Variable names an alert's labels usually fill (namespace, pod, …), compared without case,
 * `-` or `_`. A variable with one of these names is not flagged as undefined.
 */
export const ALERT_LABEL_NAMES = new Set([
  'namespace', 'pod', 'podname', 'container', 'node', 'nodename', 'instance', 'job', 'service', 'servicename',
  'deployment', 'statefulset', 'daemonset', 'replicaset', 'cluster', 'alertname', 'mountpoint', 'device',
  'persistentvolumeclaim', 'pvc', 'host', 'hostname', 'endpoint', 'severity', 'region', 'zone', 'env', 'environment',
]);

// biome-ignore format: a word list reads better packed
/** Go-template words, so `{{end}}` in a `--template=` is not taken for a `{{var}}` placeholder. */
export const TEMPLATE_KEYWORDS = new Set([
  'end', 'else', 'range', 'if', 'with', 'define', 'template', 'block', 'break', 'continue', 'nil', 'true', 'false',
]);
