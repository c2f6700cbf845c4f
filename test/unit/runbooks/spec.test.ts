import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { substituteVariables } from '../../../src/executions/variables.js';
import { compileRunbook } from '../../../src/runbooks/index.js';
import type { StoredVersion } from '../../../src/runbooks/repo.js';
import { toSpec } from '../../../src/runbooks/spec.js';
import { upgradeCompiled } from '../../../src/runbooks/stored.js';
import type { CompiledRunbook } from '../../../src/runbooks/types.js';

/** The spec the execution engine reads: what may run where the executor runs, and the step graph. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function stored(compiled: CompiledRunbook): StoredVersion {
  return {
    id: 'v1',
    runbookId: 'r1',
    slug: 'x',
    version: 1,
    title: compiled.title,
    sourceSha256: compiled.source.sha256,
    sourceKind: 'file',
    compiled,
    services: [],
    alerts: [],
    keywords: [],
    trustLevel: 0,
    approvers: [],
    createdBy: 'test',
    createdAt: new Date(0),
    locked: false,
  };
}

const fixture = (name: string) =>
  compileRunbook(readFileSync(path.join(root, 'test/fixtures/runbooks', name), 'utf8'), { fileName: name });

describe('toSpec', () => {
  const spec = toSpec(stored(fixture('openshift/NodeFilesystemAlmostFull.md')));
  const step = (written: string) => spec.steps.find((s) => s.writtenCommand === written)!;

  it('never hands the engine a command meant for another shell: wrapped, or none (done by hand)', () => {
    expect(step('df -h /var /sysroot')).toMatchObject({
      runMode: 'wrapped',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
      command: 'oc debug node/${NODE_NAME} -- chroot /host df -h /var /sysroot',
      context: { kind: 'chroot', opener: 'chroot /host', openedByStepKey: 's2' },
      variables: ['NODE_NAME'],
    });
    expect(step('oc debug node/<node_name>')).toMatchObject({ runMode: 'manual', command: null, opensContext: true });
  });

  it('gives placeholders as $' + '{NAME}, which the engine fills like any variable', () => {
    const drain = step(
      'oc adm drain <node_name> --ignore-daemonsets --delete-emptydir-data --disable-eviction --timeout=300s',
    );
    expect(
      substituteVariables(drain.command!, { NODE_NAME: 'worker-3' }, [
        { name: 'NODE_NAME', allowMetacharacters: false },
      ]),
    ).toBe('oc adm drain worker-3 --ignore-daemonsets --delete-emptydir-data --disable-eviction --timeout=300s');
    expect(spec.variables.map((v) => v.name)).toEqual(['NODE_NAME']);
  });

  it('carries the branches, groups, prerequisites and long-running flags', () => {
    expect(spec.branches?.[0]).toMatchObject({
      key: 'b1',
      kind: 'choice',
      question: 'Which version is the cluster running?',
      options: [
        { label: 'OpenShift 4.13 and earlier', stepKeys: ['s7'] },
        { label: 'OpenShift 4.14 and later', stepKeys: ['s8'] },
      ],
      afterStepKey: 's6',
      continueAtStepKey: 's9',
    });
    expect(step('journalctl --vacuum-time=2d').branch).toEqual({ branchKey: 'b1', option: 1 });
    expect(spec.groups?.map((g) => g.title)).toEqual(['Diagnosis', 'Mitigation']);
    expect(spec.prerequisites).toContainEqual(expect.objectContaining({ kind: 'role', implied: true }));
    expect(step('watch -n 5 df -h /var').longRunning?.bounded).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
      'oc debug node/${NODE_NAME} -- chroot /host df -h /var',
    );
  });

  it('does not ask for a variable the runbook sets itself, and puts its assignment in front', () => {
    const etcd = toSpec(stored(fixture('openshift/EtcdDatabaseHighFragmentation.md')));
    expect(etcd.variables).toEqual([]);
    const defrag = etcd.steps.find((s) => s.writtenCommand?.includes('etcdctl defrag'))!;
    expect(defrag.variables).toEqual([]);
    expect(defrag.command).toMatch(/^ETCD_POD=\$\(oc get pods .*\)\noc rsh .* etcdctl defrag/);
  });

  it('maps front matter names to the variables the commands use', () => {
    const api = toSpec(stored(compileRunbook(readFileSync(path.join(root, 'runbooks/api-latency.md'), 'utf8'))));
    expect(api.variables.map((v) => v.name)).toContain('TARGET_REPLICAS');
    expect(api.variables.find((v) => v.name === 'TARGET_REPLICAS')?.pattern).not.toBeNull();
  });

  it('reads a version compiled before contexts existed as it always ran: local commands, as written', () => {
    const current = fixture('prometheus-operator/KubePodCrashLooping.md');
    const old = JSON.parse(JSON.stringify(current)) as Record<string, unknown> & {
      steps: Array<Record<string, unknown>>;
    };
    for (const key of ['groups', 'contexts', 'dropped']) delete old[key];
    for (const s of old.steps) {
      for (const key of ['runCommand', 'runRollback', 'runMode', 'context', 'wrappedCommand', 'wrappedRollback'])
        delete s[key];
      for (const key of ['opensContextId', 'groupId', 'branch', 'longRunning', 'warning']) delete s[key];
    }
    const spec = toSpec(stored(upgradeCompiled(old as unknown as CompiledRunbook)));
    expect(spec.steps[0]).toMatchObject({
      command: 'kubectl -n $NAMESPACE get pod $POD',
      runMode: 'local',
      variables: ['NAMESPACE', 'POD'],
    });
    expect(spec.groups).toEqual([]);
  });
});
