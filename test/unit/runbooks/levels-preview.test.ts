import { describe, expect, it } from 'vitest';
import { attachLevels, compileRunbook, renderPreviewText, toPreviewModel } from '../../../src/runbooks/index.js';
import { fakeClassify } from './fake-classifier.js';

const RUNBOOK = [
  '---',
  'title: Checkout pods failing',
  'variables:',
  '  NAMESPACE: { description: namespace of checkout, default: checkout }',
  '---',
  '',
  'Checkout pods fail their readiness probes.',
  '',
  '## Prerequisites',
  '',
  '- Be on the VPN.',
  '',
  '## Diagnosis',
  '',
  '1. List the pods: `kubectl -n $NAMESPACE get pods`',
  '2. Check the logs.',
  '3. Check the error ratio:',
  '',
  '   ```promql',
  '   sum(rate(http_requests_total{code=~"5.."}[5m]))',
  '   ```',
  '',
  '## Mitigation',
  '',
  '4. If one pod is stuck, delete it: `kubectl -n $NAMESPACE delete pod <stuck-pod>`',
  '5. Scale out: `kubectl -n $NAMESPACE scale deployment/checkout --replicas=6`',
  '',
  '   Rollback: `kubectl -n $NAMESPACE scale deployment/checkout --replicas=3`',
  '6. Run the repair playbook: `ansible-playbook repair.yml --limit checkout`',
].join('\n');

describe('attachLevels', () => {
  const leveled = attachLevels(compileRunbook(RUNBOOK), fakeClassify);

  it('levels each shell command and its rollback with the injected classifier, and leaves the rest null', () => {
    expect(leveled.steps.map((s) => [s.id, s.level, s.rollbackLevel])).toEqual([
      ['s1', 'safe', null],
      ['s2', null, null],
      ['s3', null, null],
      ['s4', 'dangerous', null],
      ['s5', 'caution', 'caution'],
      ['s6', 'unknown', null],
    ]);
    expect(leveled.steps[3]!.levelSummary).toBe('Deletes something that is not easily brought back.');
    expect(leveled.steps[5]!.levelSummary).toBe('No rule knows this command.');
  });

  it('treats a classifier that throws as unknown, not as a crash', () => {
    const broken = attachLevels(compileRunbook(RUNBOOK), () => {
      throw new Error('parser exploded');
    });
    expect(broken.steps[0]).toMatchObject({
      level: 'unknown',
      levelSummary: 'The classifier failed on this command: parser exploded',
    });
  });
});

describe('preview', () => {
  const leveled = attachLevels(compileRunbook(RUNBOOK), fakeClassify);

  it('builds one view-model with badges, counts and questions on their steps', () => {
    const model = toPreviewModel(leveled);
    expect(model.riskCounts).toEqual({ safe: 1, caution: 1, dangerous: 1, unknown: 1, none: 2 });
    expect(model.steps.map((s) => s.badge)).toEqual(['🟢', null, null, '🔴', '🟡', '⬜']);
    expect(model.steps[1]!.questions).toEqual([
      'Which logs (which pod, container, file or query), and with what command?',
    ]);
    expect(model.variables).toEqual([
      {
        display: '$NAMESPACE',
        usedIn: ['step 1', 'step 4', 'step 5'],
        description: 'namespace of checkout',
        default: 'checkout',
        setByRunbook: false,
      },
      { display: '<stuck-pod>', usedIn: ['step 4'], description: null, default: null, setByRunbook: false },
    ]);
    expect(model.branches).toEqual([
      {
        after: 'step 3',
        condition: 'one pod is stuck',
        thenSteps: ['step 4'],
        elseSteps: [],
        question: 'one pod is stuck?',
        options: [
          { label: 'Yes', steps: ['step 4'], jumpTo: null },
          { label: 'No (go on)', steps: [], jumpTo: null },
        ],
        continueAt: 'step 5',
      },
    ]);
    expect(model.steps[3]!.option).toBe('only if: one pod is stuck');
  });

  it('renders the text preview an author reads in the terminal', () => {
    expect(renderPreviewText(leveled)).toBe(
      [
        '# Checkout pods failing',
        '',
        'Checkout pods fail their readiness probes.',
        '',
        '6 steps · 🟢 1  🟡 1  🔴 1  ⬜ 1 · 2 questions · compiler: deterministic',
        '',
        'Prerequisites',
        '  • Be on the VPN (network)',
        '  • The `kubectl` CLI (tool, implied by the commands)',
        '  • A kubeconfig context for the cluster (`kubectl config current-context` names it) (access, implied by the commands)',
        '  • The `ansible-playbook` CLI (tool, implied by the commands)',
        '',
        'Diagnosis',
        '  🟢 1. List the pods: `kubectl -n $NAMESPACE get pods`',
        '       $ kubectl -n $NAMESPACE get pods',
        '       Only reads.',
        '  ·  2. Check the logs',
        '       ? Which logs (which pod, container, file or query), and with what command?',
        '  ·  3. Check the error ratio',
        '       (promql, run by hand)',
        '',
        'Mitigation',
        '  🔴 4. If one pod is stuck, delete it: `kubectl -n $NAMESPACE delete pod <stuck-pod>`',
        '       ◇ only if: one pod is stuck',
        '       $ kubectl -n $NAMESPACE delete pod <stuck-pod>',
        '       Deletes something that is not easily brought back.',
        '       ? What value should `<stuck-pod>` take, and where does it come from? Describe it in front matter `variables:` or a Variables section.',
        '  🟡 5. Scale out: `kubectl -n $NAMESPACE scale deployment/checkout --replicas=6`',
        '       $ kubectl -n $NAMESPACE scale deployment/checkout --replicas=6',
        '       Changes the running system.',
        '       ↩ rollback: kubectl -n $NAMESPACE scale deployment/checkout --replicas=3',
        '  ⬜ 6. Run the repair playbook: `ansible-playbook repair.yml --limit checkout`',
        '       $ ansible-playbook repair.yml --limit checkout',
        '       No rule knows this command.',
        '',
        'Variables',
        '  $NAMESPACE — namespace of checkout; default checkout (step 1, step 4, step 5)',
        '  <stuck-pod> (step 4)',
        '',
        'Branches',
        '  after step 3: one pod is stuck?',
        '    • Yes → step 4',
        '    • No (go on) → nothing more',
        '    then step 5',
        '',
      ].join('\n'),
    );
  });

  it('previews an unleveled runbook without badges', () => {
    const model = toPreviewModel(compileRunbook(RUNBOOK));
    expect(model.steps.every((s) => s.badge === null)).toBe(true);
    expect(model.riskCounts.none).toBe(6);
  });
});
