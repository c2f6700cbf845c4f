import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileRunbook } from '../../../src/runbooks/index.js';
import type { CompiledRunbook } from '../../../src/runbooks/types.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixtures = path.join(root, 'test/fixtures/runbooks/prometheus-operator');
const shared = path.join(root, 'test/fixtures/shared/runbooks-real');

function compileFixture(name: string): CompiledRunbook {
  const file = path.join(fixtures, name);
  return compileRunbook(readFileSync(file, 'utf8'), { fileName: file });
}

const commands = (r: CompiledRunbook) => r.steps.flatMap((s) => (s.command ? [s.command] : []));
const step = (r: CompiledRunbook, title: string) => {
  const found = r.steps.find((s) => s.title === title);
  if (!found) throw new Error(`no step "${title}" in ${r.steps.map((s) => s.title).join(' | ')}`);
  return found;
};

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return markdownFiles(full);
    return entry.endsWith('.md') ? [full] : [];
  });
}

describe('the 108 prometheus-operator runbooks (test/fixtures/shared/runbooks-real)', () => {
  const files = markdownFiles(shared).sort();

  it('finds all 108 runbooks', () => {
    expect(files).toHaveLength(108);
  });

  it.each(files.map((f) => [path.relative(shared, f), f]))('%s compiles to at least one step', (_name, file) => {
    const runbook = compileRunbook(readFileSync(file, 'utf8'), { fileName: file });
    expect(runbook.steps.length).toBeGreaterThan(0);
    expect(runbook.steps.map((s) => s.id)).toEqual(runbook.steps.map((_, i) => `s${i + 1}`));
    expect(runbook.title).not.toBe('');
    // No output line, prompt or table row is ever taken for a command.
    for (const command of commands(runbook)) {
      expect(command).not.toMatch(/^\$ |^NAME\s|^level=|^\.\.\.$/);
    }
  });

  it('finds commands in exactly the runbooks that show shell (a shell block, a prompt or inline `kubectl …`)', () => {
    const withCommands = files.filter((f) => commands(compileRunbook(readFileSync(f, 'utf8'))).length > 0);
    const withShell = files.filter((f) => /```(?:shell|console|bash)|`kubectl |^\$ /m.test(readFileSync(f, 'utf8')));
    expect(withShell.length).toBe(41);
    expect(withCommands).toEqual(withShell);
  });
});

describe('KubePodCrashLooping (inline commands in a Diagnosis list)', () => {
  const runbook = compileFixture('KubePodCrashLooping.md');

  it('reads the front matter title and keeps unknown keys', () => {
    expect(runbook.title).toBe('Kube Pod Crash Looping');
    expect(runbook.metadata.extra).toEqual({ weight: 20 });
    expect(runbook.summary).toMatch(/^Pod is in CrashLoop/);
  });

  it('takes each "Check … via `kubectl …`" item as a step with that command', () => {
    expect(runbook.steps.slice(0, 3).map((s) => [s.section, s.title, s.command])).toEqual([
      ['Diagnosis', 'Check template via `kubectl -n $NAMESPACE get pod $POD`', 'kubectl -n $NAMESPACE get pod $POD'],
      [
        'Diagnosis',
        'Check pod events via `kubectl -n $NAMESPACE describe pod $POD`',
        'kubectl -n $NAMESPACE describe pod $POD',
      ],
      [
        'Diagnosis',
        'Check pod logs via `kubectl -n $NAMESPACE logs $POD -c $CONTAINER`',
        'kubectl -n $NAMESPACE logs $POD -c $CONTAINER',
      ],
    ]);
    expect(runbook.steps[2]!.variables).toEqual(['NAMESPACE', 'POD', 'CONTAINER']);
  });

  it('keeps a nested checklist in its step and points Mitigation at the linked guide', () => {
    const template = step(runbook, 'Check pod template parameters such as');
    expect(template.command).toBeNull();
    expect(template.text).toContain('readiness and liveness probes may be incorrect');
    expect(step(runbook, 'See Debugging Pods').section).toBe('Mitigation');
  });

  it('lists the variables with where each is used', () => {
    expect(runbook.variables.map((v) => [v.name, v.syntax, v.usedInSteps])).toEqual([
      ['NAMESPACE', '$VAR', ['s1', 's2', 's3']],
      ['POD', '$VAR', ['s1', 's2', 's3']],
      ['CONTAINER', '$VAR', ['s3']],
    ]);
  });

  it('gives the same result for the same text', () => {
    expect(compileFixture('KubePodCrashLooping.md')).toEqual(runbook);
  });
});

describe('KubeletDown (a shell block with several prompts)', () => {
  const runbook = compileFixture('KubeletDown.md');

  it('splits the prompted block into one step per command, titled by the sentence above', () => {
    expect(commands(runbook)).toEqual([
      'kubectl get nodes',
      'kubectl describe node $NODE_NAME',
      "kubectl get events --field-selector 'involvedObject.kind=Node'",
      'kubectl get events',
      'journalctl -b -f -u kubelet.service',
    ]);
    expect(runbook.steps[1]!.title).toBe(
      'Check the status of nodes and for recent events on `Node` objects, or for recent events in general (2 of 4)',
    );
  });

  it('makes "If you have SSH access…, access the logs" a branch after the previous step', () => {
    expect(runbook.branches).toEqual([
      expect.objectContaining({
        kind: 'condition',
        question: 'you have SSH access to the nodes?',
        fromStepId: 's4',
        options: [
          { label: 'Yes', stepIds: ['s5'], jumpToStepId: null },
          { label: 'No (go on)', stepIds: [], jumpToStepId: null },
        ],
        condition: 'you have SSH access to the nodes',
        thenStepIds: ['s5'],
        elseStepIds: [],
      }),
    ]);
    expect(runbook.steps[4]!.branch).toEqual({ branchId: 'b1', option: 0 });
  });

  it('flags `journalctl -f`, which never ends on its own, with a bounded form', () => {
    expect(runbook.steps[4]!.longRunning).toEqual({
      what: '`journalctl -f` keeps running until it is stopped',
      bounded: 'journalctl -b -u kubelet.service -n 200 --no-pager',
    });
  });
});

describe('etcdBackendQuotaLowSpace (assignments, an exec session, PromQL)', () => {
  const runbook = compileFixture('etcdBackendQuotaLowSpace.md');

  it('turns `$ NAMESPACE="kube-etcd"` into the variable default, not a step', () => {
    expect(commands(runbook)).not.toContain('NAMESPACE="kube-etcd"');
    expect(runbook.variables.find((v) => v.name === 'NAMESPACE')).toMatchObject({ default: 'kube-etcd' });
  });

  it('does not take the awk `$2` for a variable', () => {
    const rsh = runbook.steps.find((s) => s.command?.startsWith('kubectl rsh'));
    expect(rsh?.variables).toEqual(['NAMESPACE']);
  });

  it('runs the `etcdctl` commands after `kubectl rsh` inside that pod, wrapped with `kubectl exec`', () => {
    const rsh = runbook.steps.find((s) => s.command?.startsWith('kubectl rsh'))!;
    expect(rsh).toMatchObject({ runMode: 'manual', opensContextId: 'c1' });
    const version = runbook.steps.find((s) => s.command === 'etcdctl version')!;
    expect(version).toMatchObject({
      runMode: 'wrapped',
      context: { id: 'c1', kind: 'pod', openedByStepId: rsh.id },
      wrappedCommand:
        'NAMESPACE=kube-etcd\nkubectl exec -c etcdctl -n $NAMESPACE $(kubectl get po -l app=etcd -oname -n $NAMESPACE | awk -F"/" \'NR==1{ print $2 }\') -- etcdctl version',
    });
    // "in all etcd pods": one wrapped command would reach one pod only, so it is done by hand.
    expect(runbook.steps.find((s) => s.command === 'etcdctl defrag')).toMatchObject({
      runMode: 'manual',
      context: { kind: 'pod' },
    });
  });

  it('keeps PromQL out of commands but in steps with their language', () => {
    const promql = runbook.steps.filter((s) => s.language === 'promql');
    expect(promql.map((s) => s.title)).toEqual([
      'Check the percentage consumption of etcd DB with the following query in the metrics console',
      'Check the DB size in MB that can be reduced after defragmentation',
    ]);
    for (const s of promql) {
      expect(s.command).toBeNull();
      expect(s.isShell).toBe(false);
      expect(s.text).toContain('etcd_mvcc_db_total_size_in_bytes');
    }
    expect(step(runbook, 'Run the following command in all etcd pods')).toMatchObject({
      command: 'etcdctl defrag',
      section: 'Mitigation',
    });
  });
});

describe('runbooks whose code blocks mix commands and output', () => {
  it('NodeFileDescriptorLimit: `# cmd` root prompts are commands, their output is not', () => {
    const runbook = compileFixture('NodeFileDescriptorLimit.md');
    expect(commands(runbook)).toEqual(['oc debug "node/$NODE_NAME"', "sysctl -a | grep 'fs.file-'", 'lsof -n']);
    expect(runbook.variables).toEqual([
      {
        name: 'NODE_NAME',
        syntax: '$VAR',
        written: '$NODE_NAME',
        source: 'user',
        setInStepId: null,
        usedInSteps: ['s1', 's2', 's3'],
        description: 'value of instance label from alert',
        default: null,
        pattern: null,
      },
    ]);
  });

  it('AlertmanagerClusterCrashlooping: a table under an unprompted command is output', () => {
    const runbook = compileFixture('AlertmanagerClusterCrashlooping.md');
    expect(commands(runbook)).toEqual([
      'kubectl get pod -l app=alertmanager',
      'kubectl get events --field-selector involvedObject.name=alertmanager-main-0',
    ]);
    expect(runbook.steps[1]!.title).toBe('Find the root cause by looking to events for a given pod/deployement');
  });

  it('PrometheusTargetSyncFailure: the log line after the prompt is dropped', () => {
    const runbook = compileFixture('PrometheusTargetSyncFailure.md');
    expect(commands(runbook)).toEqual(["oc -n $NAMESPACE logs -l 'app=prometheus'"]);
    expect(runbook.variables[0]).toMatchObject({
      name: 'NAMESPACE',
      description: 'value of namespace label from alert',
    });
  });

  it('KubeProxyDown: `...` and a config line after `kubectl edit` are not commands, and both are questioned', () => {
    const runbook = compileFixture('KubeProxyDown.md');
    expect(commands(runbook)).toEqual([
      'kubectl get pods -l k8s-app=kube-proxy -n kube-system',
      'kubectl logs -n kube-system kube-proxy-b9g23',
      'kubectl edit cm -n kube-system kube-proxy-config',
      'kubectl delete pod -l k8s-app=kube-proxy -n kube-system',
    ]);
    const edit = runbook.steps.find((s) => s.command?.startsWith('kubectl edit'))!;
    const questions = runbook.ambiguities.filter((a) => a.stepId === edit.id).map((a) => a.question);
    expect(questions).toEqual([
      expect.stringMatching(/opens an editor/),
      expect.stringMatching(/leaves lines out with `\.\.\.`/),
    ]);
  });

  it('KubePersistentVolumeFillingUp: <placeholders> are variables and TODO sections are questioned', () => {
    const runbook = compileFixture('KubePersistentVolumeFillingUp.md');
    expect(runbook.variables.map((v) => [v.name, v.syntax])).toEqual([
      ['MY_NAMESPACE', '<var>'],
      ['MY_PVC', '<var>'],
    ]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
    expect(runbook.steps.map((s) => s.runCommand)).toContain('kubectl -n ${MY_NAMESPACE} get pvc ${MY_PVC}');
    expect(commands(runbook)).toContain('kubectl -n <my-namespace> get pvc <my-pvc>');
    expect(runbook.steps.filter((s) => s.title.endsWith(': TODO')).map((s) => s.title)).toEqual([
      'Migrate data to a new, larger volume: TODO',
      'Purge volume: TODO',
    ]);
    const todoQuestions = runbook.ambiguities.filter((a) => /not written yet/.test(a.question));
    expect(todoQuestions).toHaveLength(2);
  });
});

describe('runbooks with little to act on', () => {
  it('KubeletPlegDurationHigh: all TODO still compiles, with a question per section', () => {
    const runbook = compileFixture('KubeletPlegDurationHigh.md');
    expect(runbook.steps.map((s) => [s.section, s.title])).toEqual([
      ['Diagnosis', 'Diagnosis: TODO'],
      ['Mitigation', 'Mitigation: TODO'],
    ]);
    expect(runbook.ambiguities.map((a) => a.stepId)).toEqual(['s1', 's2']);
  });

  it('NodeRAIDDiskFailure: a pointer to another page is one step and a question about the runbook', () => {
    const runbook = compileFixture('NodeRAIDDiskFailure.md');
    expect(runbook.steps.map((s) => s.title)).toEqual(['See Node RAID Degraded']);
    expect(runbook.ambiguities).toEqual([
      expect.objectContaining({ stepId: null, question: expect.stringMatching(/only points to another document/) }),
    ]);
  });
});
