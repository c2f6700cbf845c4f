import { describe, expect, it } from 'vitest';
import { extractCommands, fillPlaceholders } from '../../../src/classifier/corpus/extract-commands.js';

const md = [
  '# Runbook',
  '',
  'Check the pod with `kubectl -n $NAMESPACE get pod $POD` and the metric `up == 0`.',
  '',
  '```shell',
  '$ kubectl get pods -n kube-system',
  'NAME    READY   STATUS',
  'api-0   1/1     Running',
  '# sysctl -a | grep fs.file',
  '```',
  '',
  '```bash',
  '# a comment',
  'kubectl logs deploy/api \\',
  '  --since=10m',
  'cat <<EOF | kubectl apply -f -',
  'kind: ConfigMap',
  'EOF',
  '...',
  'key: value',
  '```',
  '',
  '```promql',
  'rate(http_requests_total[5m])',
  '```',
  '',
  '```',
  'plain output, not a command',
  '```',
].join('\n');

describe('extractCommands', () => {
  const found = extractCommands(md);

  it('finds prompted lines, continuations, heredocs and inline commands, and skips output, queries and YAML', () => {
    expect(found.map((c) => c.command)).toEqual([
      'kubectl -n $NAMESPACE get pod $POD',
      'kubectl get pods -n kube-system',
      'sysctl -a | grep fs.file',
      'kubectl logs deploy/api \\\n  --since=10m',
      'cat <<EOF | kubectl apply -f -\nkind: ConfigMap\nEOF',
    ]);
  });

  it('records where each command starts and how it was written', () => {
    expect(found[0]).toMatchObject({ line: 3, kind: 'inline' });
    expect(found[1]).toMatchObject({ line: 6, kind: 'fenced' });
    expect(found[3]).toMatchObject({ line: 14, kind: 'fenced' });
  });
});

const VAR = (name: string): string => `\${${name}}`;

describe('fillPlaceholders', () => {
  it('turns runbook placeholders into variables instead of redirections', () => {
    expect(fillPlaceholders('kubectl -n <namespace> get pvc <my-pvc>')).toBe(
      `kubectl -n ${VAR('NAMESPACE')} get pvc ${VAR('MY_PVC')}`,
    );
    expect(fillPlaceholders("NODE='<value of instance label from alert>'")).toBe(
      `NODE='${VAR('VALUE_OF_INSTANCE_LABEL_FROM_ALERT')}'`,
    );
    expect(fillPlaceholders('cat <<EOF')).toBe('cat <<EOF');
  });
});
