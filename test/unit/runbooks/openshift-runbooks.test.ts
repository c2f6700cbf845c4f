import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scanCommand } from '../../../src/classifier/index.js';
import { attachLevels, compileRunbook } from '../../../src/runbooks/index.js';
import type { CompiledRunbook, RunbookStep } from '../../../src/runbooks/types.js';

/**
 * Runbooks written the way operators of a Kubernetes distribution write alert runbooks
 * (test/fixtures/runbooks/openshift, original text): toolbox and node debug sessions,
 * several code blocks per list item, version forks, wrapped lines, placeholders in every
 * style. Each class of failure the compiler had on such text has a test here.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function compile(name: string): CompiledRunbook {
  const file = path.join(root, 'test/fixtures/runbooks/openshift', name);
  return compileRunbook(readFileSync(file, 'utf8'), { fileName: file });
}

const byCommand = (r: CompiledRunbook, command: string): RunbookStep => {
  const found = r.steps.find((s) => s.command === command);
  if (!found) throw new Error(`no step runs "${command}": ${r.steps.map((s) => s.command).join(' | ')}`);
  return found;
};

describe('CephClusterErrorState: a toolbox session, two code blocks in one item, Option A/B, a warning', () => {
  const runbook = compile('CephClusterErrorState.md');

  it('makes a step of each code block of a list item, titled by the item', () => {
    expect([byCommand(runbook, 'ceph status').title, byCommand(runbook, 'ceph health detail').title]).toEqual([
      'Look at the overall health, then at the detail of every check that fails (1 of 2)',
      'Look at the overall health, then at the detail of every check that fails (2 of 2)',
    ]);
  });

  it('runs the ceph commands inside the toolbox pod the `oc rsh` step opens, wrapped with `oc exec`', () => {
    const rsh = runbook.steps.find((s) => s.command?.includes('oc rsh'))!;
    expect(rsh).toMatchObject({ runMode: 'manual', opensContextId: 'c1' });
    expect(byCommand(runbook, 'ceph osd tree | grep -i down')).toMatchObject({
      runMode: 'wrapped',
      context: { id: 'c1', kind: 'toolbox', openedByStepId: rsh.id },
      wrappedCommand:
        "TOOLS_POD=$(oc get pods -n openshift-storage -l app=rook-ceph-tools -o name)\noc exec -n openshift-storage $TOOLS_POD -- sh -c 'ceph osd tree | grep -i down'",
    });
    // After `exit`, `oc scale` runs locally again.
    expect(runbook.steps.find((s) => s.command?.startsWith('oc scale'))).toMatchObject({
      runMode: 'local',
      context: null,
    });
    expect(runbook.dropped).toEqual([expect.objectContaining({ text: 'exit', reason: 'session-exit' })]);
  });

  it('finds its way back into the toolbox when the text says "From the toolbox pod" without opening it', () => {
    expect(byCommand(runbook, 'ceph health')).toMatchObject({ runMode: 'wrapped', context: { id: 'c1' } });
  });

  it('offers Option A and Option B as one choice, never both in a row', () => {
    expect(runbook.branches).toEqual([
      expect.objectContaining({
        kind: 'choice',
        options: [
          expect.objectContaining({ label: 'Option A: Restart the OSD', stepIds: ['s6', 's7'] }),
          expect.objectContaining({ label: 'Option B: Take the OSD out and replace its disk', stepIds: ['s8', 's9'] }),
        ],
        fromStepId: 's5',
        joinStepId: 's10',
      }),
    ]);
    expect(runbook.groups.map((g) => [g.title, g.parentId])).toEqual([
      ['Diagnosis', null],
      ['Mitigation', null],
      ['Option A: restart the OSD', 'g2'],
      ['Option B: take the OSD out and replace its disk', 'g2'],
      ['Verification', null],
    ]);
  });

  it('reads the bare OSD_ID the prose defines as a variable the scanner sees as one', () => {
    const scale = runbook.steps.find((s) => s.command?.endsWith('--replicas=0'))!;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
    expect(scale.runCommand).toBe('oc scale deployment rook-ceph-osd-${OSD_ID} -n openshift-storage --replicas=0');
    expect(runbook.variables).toEqual([
      expect.objectContaining({ name: 'OSD_ID', syntax: 'VAR', source: 'user', usedInSteps: ['s6', 's7', 's8'] }),
    ]);
  });

  it('raises the step the warning guards to dangerous, and takes the prerequisite with its command', () => {
    const removal = runbook.steps.find((s) => s.command?.startsWith('oc process'))!;
    expect(removal.warning?.level).toBe('dangerous');
    expect(attachLevels(runbook, () => ({ level: 'unknown' })).steps[removal.order - 1]!.level).toBe('dangerous');
    expect(runbook.prerequisites[0]).toMatchObject({
      kind: 'access',
      command: expect.stringContaining('oc patch ocsinitialization ocsinit'),
    });
  });

  it('asks nothing about the NOTE paragraph: it is part of the step above, not a step or a question', () => {
    expect(runbook.ambiguities).toEqual([]);
    expect(runbook.steps.some((s) => s.title.startsWith('NOTE'))).toBe(false);
    expect(byCommand(runbook, 'ceph df detail').text).toContain('NOTE: a cluster that was just upgraded');
  });

  it('flags `oc logs -f` with a bounded form', () => {
    expect(byCommand(runbook, 'oc logs -f -n openshift-storage job/ocs-osd-removal-job').longRunning).toEqual({
      what: '`oc logs -f` keeps running until it is stopped',
      bounded: 'oc logs -n openshift-storage job/ocs-osd-removal-job --tail=200',
    });
  });
});

describe('NodeFilesystemAlmostFull: oc debug node + chroot, a version fork in one item, wrapped lines', () => {
  const runbook = compile('NodeFilesystemAlmostFull.md');

  it('nests chroot in the node debug pod and wraps commands as `oc debug node/… -- chroot /host …`', () => {
    expect(runbook.contexts.map((c) => [c.id, c.kind, c.parentId])).toEqual([
      ['c1', 'node', null],
      ['c2', 'chroot', 'c1'],
    ]);
    expect(byCommand(runbook, 'crictl rmi --prune')).toMatchObject({
      runMode: 'wrapped',
      context: { kind: 'chroot' },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
      wrappedCommand: 'oc debug node/${NODE_NAME} -- chroot /host crictl rmi --prune',
    });
  });

  it('gives the two journal commands as versions to choose from, titled by their version', () => {
    const older = byCommand(runbook, 'journalctl --vacuum-size=500M');
    const newer = byCommand(runbook, 'journalctl --vacuum-time=2d');
    expect([older.title, newer.title]).toEqual([
      'Shrink the journal (OpenShift 4.13 and earlier)',
      'Shrink the journal (OpenShift 4.14 and later)',
    ]);
    const fork = runbook.branches.find((b) => b.id === older.branch?.branchId)!;
    expect(fork).toMatchObject({ kind: 'choice', question: 'Which version is the cluster running?' });
    expect(fork.options.map((o) => [o.label, o.stepIds])).toEqual([
      ['OpenShift 4.13 and earlier', [older.id]],
      ['OpenShift 4.14 and later', [newer.id]],
    ]);
  });

  it('leaves the shell with the two `exit`s and makes no step of them or of "Leave the debug shell"', () => {
    expect(runbook.steps.some((s) => /leave/i.test(s.title))).toBe(false);
    const drain = runbook.steps.find((s) => s.command?.startsWith('oc adm drain'))!;
    expect(drain).toMatchObject({ runMode: 'local', context: null });
    // The option on the next line, wrapped without `\`, is part of the command.
    expect(drain.command).toBe(
      'oc adm drain <node_name> --ignore-daemonsets --delete-emptydir-data --disable-eviction --timeout=300s',
    );
  });

  it('never titles a step "Then run" or "Example"', () => {
    expect(runbook.steps.map((s) => s.title).filter((t) => /^(?:then run|example)/i.test(t))).toEqual([]);
    expect(runbook.steps.map((s) => s.title)).toContain(
      'Run `oc debug node/<node_name> -- chroot /host systemctl reboot`',
    );
  });

  it('flags `watch` with the command it repeats as the bounded form, wrapped into the node', () => {
    expect(byCommand(runbook, 'watch -n 5 df -h /var').longRunning).toEqual({
      what: '`watch` keeps running until it is stopped',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
      bounded: 'oc debug node/${NODE_NAME} -- chroot /host df -h /var',
    });
  });

  it('reads "Once the node is back, let workloads return with `oc adm uncordon …`" as a step, not a condition', () => {
    const uncordon = byCommand(runbook, 'oc adm uncordon <node_name>');
    expect(uncordon).toMatchObject({ runMode: 'local', branch: null });
    expect(runbook.dropped.map((d) => d.text)).toEqual(['exit']);
  });
});

describe('VirtualMachineCPUStarved: a VM console, top and pidstat, version headings', () => {
  const runbook = compile('VirtualMachineCPUStarved.md');

  it('keeps commands typed into the serial console off the executor: done by hand, never wrapped', () => {
    for (const command of ['top', 'pidstat 1']) {
      expect(byCommand(runbook, command)).toMatchObject({
        runMode: 'manual',
        wrappedCommand: null,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
        context: { kind: 'vm', opener: 'virtctl console ${VM_NAME} -n ${VM_NAMESPACE}' },
      });
    }
    expect(byCommand(runbook, 'top').longRunning?.bounded).toBe('top -b -n 1');
    expect(byCommand(runbook, 'pidstat 1').longRunning?.bounded).toBe('pidstat 1 5');
  });

  it('knows "Press Ctrl+] to leave the console": the next command runs locally', () => {
    expect(runbook.steps.find((s) => s.command?.startsWith('oc get pod'))).toMatchObject({
      runMode: 'local',
      context: null,
    });
  });

  it('makes the "For 4.13 and earlier" / "For 4.14 and later" headings one choice', () => {
    expect(runbook.branches).toEqual([
      expect.objectContaining({
        kind: 'choice',
        question: 'Which version is the cluster running?',
        options: [
          expect.objectContaining({ label: '4.13 and earlier', stepIds: ['s6', 's7'] }),
          expect.objectContaining({ label: '4.14 and later', stepIds: ['s8'] }),
        ],
        joinStepId: 's9',
      }),
    ]);
  });
});

describe('EtcdDatabaseHighFragmentation: a variable the runbook sets, A=… B=… cmd, a jump, "Alternatively"', () => {
  const runbook = compile('EtcdDatabaseHighFragmentation.md');

  it('never asks for ETCD_POD: its assignment goes in front of every later command that uses it', () => {
    expect(runbook.variables).toEqual([
      expect.objectContaining({
        name: 'ETCD_POD',
        source: 'runbook',
        setInStepId: 's1',
        usedInSteps: ['s2', 's3', 's4', 's7'],
      }),
    ]);
    const defrag = runbook.steps.find((s) => s.command?.includes('etcdctl defrag'))!;
    expect(defrag.runCommand).toBe(
      "ETCD_POD=$(oc get pods -n openshift-etcd -l app=etcd -o jsonpath='{.items[0].metadata.name}')\noc rsh -n openshift-etcd -c etcdctl $ETCD_POD etcdctl defrag --command-timeout=30s",
    );
    expect(runbook.ambiguities.some((a) => a.text.includes('ETCD_POD'))).toBe(false);
  });

  it('keeps `ETCDCTL_API=3 ETCDCTL_DIAL_TIMEOUT=10s etcdctl …` as a command inside the pod', () => {
    expect(
      byCommand(runbook, 'ETCDCTL_API=3 ETCDCTL_DIAL_TIMEOUT=10s etcdctl endpoint status --cluster -w table'),
    ).toMatchObject({ runMode: 'wrapped', context: { kind: 'pod' } });
  });

  it('jumps to the list item numbered 6, and makes no step of "Leave the pod with `exit`"', () => {
    const jump = runbook.branches.find((b) => b.question === 'a member is not listed?')!;
    const logs = runbook.steps.find((s) => s.command?.startsWith('oc logs -n openshift-etcd -l'))!;
    expect(jump.options[0]).toEqual({ label: 'Yes', stepIds: [], jumpToStepId: logs.id });
    expect(runbook.steps.some((s) => /leave the pod/i.test(s.title))).toBe(false);
    expect(logs).toMatchObject({ runMode: 'local', context: null });
  });

  it('makes no step or question of the intro sentence "This section describes how to …"', () => {
    expect(runbook.ambiguities).toEqual([]);
    expect(runbook.steps[0]!.title).toBe('Pick an etcd pod to work from');
  });

  it('offers the two version forks and the alternative as three options of one choice', () => {
    const choice = runbook.branches.find((b) => b.kind === 'choice')!;
    expect(choice.options.map((o) => o.label)).toEqual([
      'OpenShift 4.13 and earlier',
      'OpenShift 4.14 and later',
      'Collect a must-gather and open a support case',
    ]);
    expect(choice.joinStepId).toBeNull();
  });
});

describe('OVNKubernetesNorthboundDatabaseDown: exec -it with commands in the same block, a table, either/or, redis-cli', () => {
  const runbook = compile('OVNKubernetesNorthboundDatabaseDown.md');

  it('runs the lines after `oc exec -it … -- bash` inside the container', () => {
    expect(byCommand(runbook, 'ovn-appctl -t /var/run/ovn/ovnnb_db.ctl cluster/status OVN_Northbound')).toMatchObject({
      runMode: 'wrapped',
      wrappedCommand:
        // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
        'oc exec -n openshift-ovn-kubernetes -c nbdb ${OVNKUBE_POD} -- ovn-appctl -t /var/run/ovn/ovnnb_db.ctl cluster/status OVN_Northbound',
    });
  });

  it('makes a step of each command in a table, titled by its row', () => {
    expect(
      runbook.steps.filter((s) => s.command?.includes('<ovnkube_pod> -c nbdb --tail')).map((s) => s.title),
    ).toEqual(['Database container logs']);
  });

  it('reads "Either `a` … or `b`" as two options, and "On 4.14 and later … / On earlier versions" as a choice', () => {
    const either = runbook.branches.find((b) => b.options.some((o) => o.label === 'Delete the pod'))!;
    expect(either.options.map((o) => o.label)).toEqual(['Delete the pod', 'Restart every pod of the daemon set']);
    const versions = runbook.branches.find((b) => b.question === 'Which version is the cluster running?')!;
    expect(versions.options.map((o) => o.label)).toEqual([
      'Clusters that use OVN-Kubernetes interconnect (4.14 and later)',
      'Earlier versions',
    ]);
  });

  it('passes what is typed into redis-cli to it: `oc exec … -- redis-cli INFO replication`', () => {
    const info = runbook.steps.find((s) => s.title === 'Run `INFO replication`')!;
    expect(info).toMatchObject({
      language: 'redis',
      command: null,
      runMode: 'wrapped',
      context: { kind: 'database' },
      wrappedCommand: 'oc exec -n openshift-ovn-kubernetes deploy/ovn-metrics-cache -- redis-cli INFO replication',
    });
  });
});

describe('NodeHighLoadAverage: a bastion, [placeholders], {{ placeholders }}, the RHCOS toolbox, samplers', () => {
  const runbook = compile('NodeHighLoadAverage.md');

  it('runs `oc` on the bastion the first step logs in to', () => {
    expect(byCommand(runbook, 'oc adm top nodes')).toMatchObject({
      runMode: 'wrapped',
      wrappedCommand: "ssh core@bastion.lab.example.internal 'oc adm top nodes'",
    });
  });

  it('reads [node-name], which the text says to replace, as a variable described by that text', () => {
    expect(runbook.variables.find((v) => v.written === '[node-name]')).toMatchObject({
      name: 'NODE_NAME',
      syntax: '[var]',
      description: "the node from the alert's instance label",
    });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
    expect(byCommand(runbook, 'oc debug node/[node-name]').runCommand).toBe('oc debug node/${NODE_NAME}');
  });

  it('never runs the toolbox commands locally, and leaves the three shells with "exit three times"', () => {
    expect(byCommand(runbook, 'mpstat -P ALL 1')).toMatchObject({ runMode: 'manual', context: { kind: 'toolbox' } });
    expect(byCommand(runbook, 'mpstat -P ALL 1').longRunning?.bounded).toBe('mpstat -P ALL 1 5');
    expect(byCommand(runbook, 'tail -f /var/log/containers/{{ pod }}_*.log').longRunning?.bounded).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
      'tail -n 200 /var/log/containers/${POD}_*.log',
    );
    expect(runbook.steps.find((s) => s.command?.startsWith('oc rollout restart'))).toMatchObject({
      runMode: 'wrapped',
      context: { kind: 'ssh' },
    });
  });

  it('adds what the commands need and the text did not say, once', () => {
    expect(runbook.prerequisites.filter((p) => p.implied).map((p) => [p.kind, p.text])).toEqual([
      ['tool', 'The `oc` CLI'],
      ['access', 'Logged in to the cluster with `oc login`'],
      ['role', 'The `cluster-admin` role on the cluster'],
      ['toolbox', 'The `toolbox` container image can be pulled on the node'],
    ]);
  });
});

describe('ApplicationDatabaseReplicationLag: psql in a pod, queries, a WARNING paragraph', () => {
  const runbook = compile('ApplicationDatabaseReplicationLag.md');

  it('passes each query to psql in the pod, on one line', () => {
    const lag = runbook.steps.find((s) => s.title === 'Check the lag of every replica')!;
    expect(lag).toMatchObject({
      runMode: 'wrapped',
      context: { kind: 'database', opener: 'psql -U postgres' },
      wrappedCommand:
        // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
        "oc exec -n ${NAMESPACE} ${PRIMARY_POD} -- psql -U postgres -c 'SELECT client_addr, state, replay_lag FROM pg_stat_replication;'",
    });
  });

  it('makes no steps of `\\q` and `exit`, and leaves later queries to be run by hand', () => {
    expect(runbook.dropped.map((d) => [d.text, d.reason])).toEqual([
      ['\\q', 'session-exit'],
      ['exit', 'session-exit'],
    ]);
    const terminate = runbook.steps.find((s) => s.title === 'Run `SELECT pg_terminate_backend(PID);`')!;
    expect(terminate).toMatchObject({ runMode: 'manual', context: null, warning: { level: 'caution' } });
  });

  it('shows a query step the warning guards at the warning level, though it has no command', () => {
    const leveled = attachLevels(runbook, scanCommand);
    const terminate = leveled.steps.find((s) => s.title === 'Run `SELECT pg_terminate_backend(PID);`')!;
    expect([terminate.level, terminate.levelSummary]).toEqual([
      'caution',
      expect.stringMatching(/^Raised by the runbook's warning: WARNING: terminating a backend/),
    ]);
  });
});

describe('placeholders reach the scanner as variables, never as shell syntax', () => {
  it('does not read `<pod>` as a redirection: `oc get pod <pod> -o yaml` only reads', () => {
    const runbook = compileRunbook('## Diagnosis\n\n1. Look at the pod: `oc get pod <pod> -o yaml`\n');
    const [step] = attachLevels(runbook, scanCommand).steps;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
    expect(step).toMatchObject({ runCommand: 'oc get pod ${POD} -o yaml', level: 'safe' });
  });
});
