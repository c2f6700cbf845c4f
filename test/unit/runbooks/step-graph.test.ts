import { describe, expect, it } from 'vitest';
import { attachLevels, compileRunbook } from '../../../src/runbooks/index.js';
import { fakeClassify } from './fake-classifier.js';

const md = (...lines: string[]) => lines.join('\n');

describe('conditions', () => {
  it('reads "If not, …" as the other arm, never as a condition named "not"', () => {
    const runbook = compileRunbook(
      md(
        '## Diagnosis',
        '',
        '1. Check the pods: `kubectl get pods -n web`',
        '2. If a pod is Pending, describe it: `kubectl describe pod -n web web-0`',
        '3. If not, read the logs: `kubectl logs -n web web-0 --tail=100`',
        '4. Check the service: `kubectl get svc -n web`',
      ),
    );
    expect(runbook.branches).toEqual([
      expect.objectContaining({
        question: 'a pod is Pending?',
        options: [
          { label: 'Yes', stepIds: ['s2'], jumpToStepId: null },
          { label: 'No', stepIds: ['s3'], jumpToStepId: null },
        ],
        fromStepId: 's1',
        joinStepId: 's4',
      }),
    ]);
    expect(runbook.branches.some((b) => /^not\b/.test(b.question))).toBe(false);
  });

  it('does not take "Once …" or "After …" for a condition: they say when, not whether', () => {
    const runbook = compileRunbook(
      md(
        '## Mitigation',
        '',
        '1. Restart the deployment: `kubectl rollout restart deployment/web -n web`',
        '2. Once the rollout is done, check the pods: `kubectl get pods -n web`',
      ),
    );
    expect(runbook.branches).toEqual([]);
    expect(runbook.steps.map((s) => s.command)).toEqual([
      'kubectl rollout restart deployment/web -n web',
      'kubectl get pods -n web',
    ]);
  });
});

describe('warnings and asides', () => {
  it('raises a step with no command to the level of the warning above it, and makes no step of a NOTE', () => {
    const runbook = compileRunbook(
      md(
        '## Mitigation',
        '',
        'NOTE: the console shows the volumes of every project.',
        '',
        '> [!WARNING]',
        '> Deleting the volume in the console permanently destroys its data.',
        '',
        'Delete the volume from the storage console.',
      ),
    );
    expect(runbook.steps.map((s) => s.title)).toEqual(['Delete the volume from the storage console']);
    expect(runbook.steps[0]!.warning?.level).toBe('dangerous');
    const leveled = attachLevels(runbook, fakeClassify);
    expect(leveled.steps[0]!.level).toBe('dangerous');
    expect(runbook.ambiguities.map((a) => a.text)).not.toContain(
      'NOTE: the console shows the volumes of every project',
    );
  });
});

describe('commands that are no step', () => {
  it('drops, with a reason, commands under Meaning and an `exit` with no session to leave', () => {
    const runbook = compileRunbook(
      md(
        '## Meaning',
        '',
        'The alert fires when this returns nothing:',
        '',
        '```bash',
        'kubectl get endpoints -n web web',
        '```',
        '',
        '## Diagnosis',
        '',
        '```bash',
        'kubectl get pods -n web',
        'exit',
        '```',
      ),
    );
    expect(runbook.steps.map((s) => s.command)).toEqual(['kubectl get pods -n web']);
    expect(runbook.dropped.map((d) => [d.text, d.reason, d.section])).toEqual([
      ['kubectl get endpoints -n web web', 'context-section', 'Meaning'],
      ['exit', 'session-noise', 'Diagnosis'],
    ]);
  });
});

describe('long-running commands', () => {
  it.each([
    ['kubectl get pods -n web -w', 'kubectl get pods -n web'],
    ['ping db.internal', 'ping -c 5 db.internal'],
    ['tcpdump -i eth0 port 5432', 'tcpdump -c 100 -i eth0 port 5432'],
    ['vmstat 2', 'vmstat 2 5'],
    ['kubectl port-forward svc/web 8080:80', 'timeout 60 kubectl port-forward svc/web 8080:80'],
    ['kubectl logs -f deploy/web | grep error', 'kubectl logs deploy/web --tail=200 | grep error'],
  ])('flags `%s` and offers `%s`', (command, bounded) => {
    const runbook = compileRunbook(md('## Diagnosis', '', '```bash', command, '```'));
    expect(runbook.steps[0]!.longRunning?.bounded).toBe(bounded);
  });

  it('leaves a command that ends on its own alone', () => {
    const runbook = compileRunbook(
      md('## Diagnosis', '', '```bash', 'vmstat 2 5', 'kubectl logs deploy/web --tail=50', '```'),
    );
    expect(runbook.steps.map((s) => s.longRunning)).toEqual([null, null]);
  });
});

describe('groups', () => {
  it('gives every sub-heading its own group under its section', () => {
    const runbook = compileRunbook(
      md(
        '## Diagnosis',
        '',
        '### Pods',
        '',
        '```bash',
        'kubectl get pods -n web',
        '```',
        '',
        '### Services',
        '',
        '```bash',
        'kubectl get svc -n web',
        '```',
      ),
    );
    expect(runbook.groups).toEqual([
      { id: 'g1', title: 'Diagnosis', depth: 2, parentId: null, stepIds: [] },
      { id: 'g2', title: 'Pods', depth: 3, parentId: 'g1', stepIds: ['s1'] },
      { id: 'g3', title: 'Services', depth: 3, parentId: 'g1', stepIds: ['s2'] },
    ]);
    expect(runbook.steps.map((s) => [s.section, s.groupId, s.title])).toEqual([
      ['Diagnosis', 'g2', 'Pods'],
      ['Diagnosis', 'g3', 'Services'],
    ]);
  });
});

describe('variables the runbook sets', () => {
  it('sets a variable assigned in a kept-together script for later steps too, and never asks for it', () => {
    const runbook = compileRunbook(
      md(
        '## Diagnosis',
        '',
        '```bash',
        'TOOLS_POD=$(oc get pods -n openshift-storage -l app=rook-ceph-tools -o name)',
        'oc rsh -n openshift-storage $TOOLS_POD',
        '```',
        '',
        '## Mitigation',
        '',
        '```bash',
        'oc delete -n openshift-storage $TOOLS_POD',
        '```',
      ),
    );
    expect(runbook.steps[0]!.title).toBe('Run `oc rsh -n openshift-storage $TOOLS_POD`');
    expect(runbook.variables).toEqual([
      expect.objectContaining({ name: 'TOOLS_POD', source: 'runbook', setInStepId: 's1' }),
    ]);
    expect(runbook.steps[1]!.runCommand).toBe(
      'TOOLS_POD=$(oc get pods -n openshift-storage -l app=rook-ceph-tools -o name)\noc delete -n openshift-storage $TOOLS_POD',
    );
    expect(runbook.ambiguities.map((a) => a.question)).toEqual([
      '`oc rsh -n openshift-storage $TOOLS_POD` opens an interactive shell, but no step runs inside it. Which commands should run there? Put them in a code block under it.',
    ]);
  });
});
