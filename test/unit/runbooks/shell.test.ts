import { describe, expect, it } from 'vitest';
import { codeLanguage, detectLanguage, languageFromTag } from '../../../src/runbooks/compile/language.js';
import { interactiveUse } from '../../../src/runbooks/compile/shell/interactive.js';
import { analyseShellBlock } from '../../../src/runbooks/compile/shell/split-block.js';
import { variablesInCommand } from '../../../src/runbooks/compile/shell/variables.js';

const block = (...lines: string[]) => analyseShellBlock(lines.join('\n'));
const commandsOf = (...lines: string[]) => block(...lines).commands.map((c) => c.command);

describe('splitting a shell block into commands', () => {
  it('reads a terminal session: prompts are commands, everything else is output', () => {
    const result = block(
      '$ kubectl describe svc alertmanager-main',
      '',
      'Name:              alertmanager-main',
      '...',
      '$ kubectl get pod -o wide | grep alertmanager-main',
      'alertmanager-main-0     5/5     Running   0     11d     10.129.2.6',
    );
    expect(result.commands.map((c) => c.command)).toEqual([
      'kubectl describe svc alertmanager-main',
      'kubectl get pod -o wide | grep alertmanager-main',
    ]);
    expect(result.droppedOutput).toBe(true);
    expect(result.elided).toBe(false); // `...` in output only shortens the output
  });

  it('joins `> ` continuation lines and `\\` continuations to their command', () => {
    expect(commandsOf('$ curl -s \\', '>   https://example.com/healthz', '200')).toEqual([
      'curl -s \\\n  https://example.com/healthz',
    ]);
  });

  it('reads user@host and sh-4.4# prompts', () => {
    expect(
      commandsOf('[root@node-1 ~]# df -h /var', 'Filesystem Size', 'sh-4.4# lsof -n | head', 'user@bastion:~$ uptime'),
    ).toEqual(['df -h /var', 'lsof -n | head', 'uptime']);
  });

  it('tells a root prompt (`# cmd`) from a comment in a session', () => {
    const result = block(
      '$ oc debug node/n1',
      '# chroot /host df -h',
      '# check the next one',
      '# TODO: Command needed',
    );
    expect(result.commands.map((c) => c.command)).toEqual(['oc debug node/n1', 'chroot /host df -h']);
    expect(result.comments).toEqual(['check the next one', 'TODO: Command needed']);
  });

  it('reads a script: output-looking lines after a command are dropped', () => {
    expect(
      commandsOf(
        'kubectl get pod -l app=alertmanager',
        '',
        'NAMESPACE   NAME                    READY   STATUS',
        'default     alertmanager-main-0     1/2     CrashLoopBackOff',
      ),
    ).toEqual(['kubectl get pod -l app=alertmanager']);
  });

  it('treats a `...` line in a script as elided content and what follows as illustration', () => {
    const result = block(
      'kubectl edit cm -n kube-system kube-proxy-config',
      '...',
      'metricsBindAddress: 0.0.0.0:10249',
      '...',
    );
    expect(result.commands.map((c) => c.command)).toEqual(['kubectl edit cm -n kube-system kube-proxy-config']);
    expect(result.elided).toBe(true);
  });

  it('keeps the comment above a command as its title hint', () => {
    expect(
      block('# drain the node first', 'kubectl drain $NODE --ignore-daemonsets', 'kubectl get pods').commands,
    ).toEqual([
      { command: 'kubectl drain $NODE --ignore-daemonsets', comment: 'drain the node first' },
      { command: 'kubectl get pods', comment: null },
    ]);
  });

  it('turns literal assignments into variable definitions, not commands', () => {
    const result = block(
      "$ NODE_NAME='<value of instance label from alert>'",
      '$ export NAMESPACE=kube-etcd',
      '$ oc debug "node/$NODE_NAME"',
    );
    expect(result.assignments).toEqual([
      { name: 'NODE_NAME', value: '<value of instance label from alert>', exported: false },
      { name: 'NAMESPACE', value: 'kube-etcd', exported: true },
    ]);
    expect(result.commands.map((c) => c.command)).toEqual(['oc debug "node/$NODE_NAME"']);
  });

  it('reads `A=1 B=2` as two definitions and `A=1 B=2 cmd` as a command with its environment', () => {
    expect(block('TIMEOUT=30 RETRIES=3').assignments).toEqual([
      { name: 'TIMEOUT', value: '30', exported: false },
      { name: 'RETRIES', value: '3', exported: false },
    ]);
    const withCommand = block(
      'ETCDCTL_API=3 ETCDCTL_DIAL_TIMEOUT=10s etcdctl endpoint health',
      'KUBECONFIG=/etc/kubernetes/kubeconfig oc get nodes',
      'NODE=worker-1 POD="a b" ./collect.sh',
    );
    expect(withCommand.assignments).toEqual([]);
    expect(withCommand.commands.map((c) => c.command)).toEqual([
      'ETCDCTL_API=3 ETCDCTL_DIAL_TIMEOUT=10s etcdctl endpoint health',
      'KUBECONFIG=/etc/kubernetes/kubeconfig oc get nodes',
      'NODE=worker-1 POD="a b" ./collect.sh',
    ]);
  });

  it('joins a line an editor wrapped without `\\` to the command it belongs to', () => {
    const result = block(
      'oc adm drain worker-1 --ignore-daemonsets --delete-emptydir-data',
      '    --disable-eviction --timeout=300s',
      'oc get pods -n openshift-storage -o',
      'wide',
      'oc get nodes',
    );
    expect(result.commands.map((c) => c.command)).toEqual([
      'oc adm drain worker-1 --ignore-daemonsets --delete-emptydir-data --disable-eviction --timeout=300s',
      'oc get pods -n openshift-storage -o wide',
      'oc get nodes',
    ]);
  });

  it('keeps a block whose later lines depend on state set earlier as one script', () => {
    const result = block('POD=$(kubectl get pods -l app=api -o name | head -n 1)', 'kubectl logs $POD --tail=50');
    expect(result.script).toBe(true);
    expect(result.commands.map((c) => c.command)).toEqual([
      'POD=$(kubectl get pods -l app=api -o name | head -n 1)\nkubectl logs $POD --tail=50',
    ]);
  });
});

describe('variables in a command', () => {
  it.each([
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
    ['kubectl -n $NAMESPACE logs ${POD} -c "$CONTAINER"', ['NAMESPACE', 'POD', 'CONTAINER']],
    ["kubectl get po -o name | awk -F/ '{ print $2 }'", []],
    ['echo $? $$ $1 $HOME $PATH', []],
    ['kubectl delete pod <pod-name> -n <namespace>', ['POD_NAME', 'NAMESPACE']],
    ['echo \'$NOT_EXPANDED\' "$EXPANDED"', ['EXPANDED']],
    ['for n in $(kubectl get nodes -o name); do kubectl cordon $n; done', []],
    ['while read line; do echo "$line $SUFFIX"; done < list.txt', ['SUFFIX']],
    ['curl https://{{host}}/healthz', ['HOST']],
  ])('%s → %j', (command, names) => {
    expect(variablesInCommand(command).map((v) => v.name)).toEqual(names);
  });

  it('keeps an environment variable the runbook declares', () => {
    expect(
      variablesInCommand('kubectl --kubeconfig $KUBECONFIG get nodes', new Set(['KUBECONFIG'])).map((v) => v.name),
    ).toEqual(['KUBECONFIG']);
  });
});

describe('interactive and never-ending commands', () => {
  it.each([
    ['kubectl exec -it api-0 -- bash', 'session'],
    ['kubectl -n x exec api-0', 'session'],
    ['kubectl debug node/n1 -it --image=busybox', 'session'],
    ['oc rsh -c etcdctl -n ns etcd-0', 'session'],
    ['ssh bastion', 'session'],
    ['psql -h db -U me app', 'session'],
    ['redis-cli -h cache -p 6379', 'session'],
    ['kubectl edit deployment api', 'editor'],
    ['kubectl logs -f deploy/api', 'follow'],
    ['journalctl -u kubelet -f', 'follow'],
    ['tail -F /var/log/syslog', 'follow'],
  ])('%s is %s', (command, kind) => {
    expect(interactiveUse(command)?.kind).toBe(kind);
  });

  it.each([
    'kubectl exec api-0 -- cat /etc/hosts',
    'kubectl debug node/n1 -it --image=busybox -- chroot /host df -h',
    'ssh bastion uptime',
    'psql -h db -U me -c "SELECT 1" app',
    'redis-cli -h cache INFO memory',
    'redis-cli -h cache --bigkeys',
    'kubectl logs deploy/api --tail=100',
    'chroot /host df -h',
  ])('%s runs and ends on its own', (command) => {
    expect(interactiveUse(command)).toBeNull();
  });
});

describe('code languages', () => {
  it.each([
    ['console', 'bash', true],
    ['shell-session', 'bash', true],
    ['sh', 'sh', true],
    ['yml', 'yaml', false],
    ['PromQL', 'promql', false],
    ['plain-text', 'text', false],
    ['postgresql', 'sql', false],
  ])('tag %s → %s', (tag, language, isShell) => {
    expect(languageFromTag(tag)).toEqual({ language, isShell });
  });

  it.each([
    ['kubectl get pods', 'bash'],
    ['$ ls -la', 'bash'],
    ['mytool --restart api', 'bash'],
    ['# drain first\nkubectl drain node-1 --ignore-daemonsets', 'bash'],
    ['# the replica count\nspec:\n  replicas: 3', 'yaml'],
    ['{"replicas": 3}', 'json'],
    ['SELECT * FROM pg_stat_activity;', 'sql'],
    ['histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))', 'promql'],
    ['node_filesystem_free_bytes{mountpoint="/"}', 'promql'],
    ['apiVersion: v1\nkind: Pod', 'yaml'],
    ['level=error ts=2021-01-04T15:08:55Z msg="boom" caller=x.go:1', 'text'],
    ['127.0.0.1:6379> INFO memory', 'redis'],
  ])('untagged %j → %s', (content, language) => {
    expect(detectLanguage(content).language).toBe(language);
  });
});

describe('blocks tagged as something they are not', () => {
  it('reads a `text` block of commands and a `yaml` block that is a session as shell', () => {
    expect(codeLanguage({ type: 'code', lang: 'text', value: 'kubectl -n web rollout restart deploy/web' })).toEqual({
      language: 'bash',
      isShell: true,
    });
    expect(
      codeLanguage({ type: 'code', lang: 'yaml', value: '$ kubectl get deploy web -o yaml\napiVersion: apps/v1' }),
    ).toEqual({ language: 'bash', isShell: true });
  });

  it('keeps real output and YAML as they are', () => {
    expect(codeLanguage({ type: 'code', lang: 'text', value: 'deployment.apps/web restarted' }).isShell).toBe(false);
    expect(codeLanguage({ type: 'code', lang: 'yaml', value: 'kind: Deployment\nspec:\n  replicas: 2' }).isShell).toBe(
      false,
    );
    expect(codeLanguage({ type: 'code', lang: 'output', value: 'kubectl -n web get pods' }).isShell).toBe(false);
  });
});

describe('untagged code that is not shell', () => {
  it.each([
    ['server {\n  listen 80;\n}', 'nginx'],
    ['import requests\nprint(requests.get("http://x").status_code)', 'python'],
    ['package main\n\nfunc main() {}', 'go'],
    ['resource "aws_lb" "edge" {\n  idle_timeout = 60\n}', 'hcl'],
  ])('%j is %s, never shell', (code, language) => {
    expect(detectLanguage(code)).toEqual({ language, isShell: false });
  });

  it('keeps a shell function as shell', () => {
    expect(detectLanguage('reload() {\n  sudo systemctl reload nginx\n}\nreload').isShell).toBe(true);
  });
});
