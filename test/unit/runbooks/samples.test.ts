import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileRunbook } from '../../../src/runbooks/index.js';

const folder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../runbooks');
const compile = (name: string) => compileRunbook(readFileSync(path.join(folder, name), 'utf8'), { fileName: name });

const SAMPLES = [
  ['api-latency.md', ['HighRequestLatency']],
  ['disk-nearly-full.md', ['NodeFilesystemAlmostOutOfSpace', 'DiskSpaceLow']],
  ['postgres-connections-exhausted.md', ['PostgresTooManyConnections']],
  ['redis-memory.md', ['RedisMemoryHigh']],
  ['crash-looping-pod.md', ['KubePodCrashLooping']],
  ['certificate-expiry.md', ['CertificateExpiringSoon']],
] as const;

describe.each(SAMPLES)('sample runbook %s', (file, alerts) => {
  const runbook = compile(file);

  it('answers its alerts and has owners, approvers and prerequisites', () => {
    expect(runbook.metadata.alerts).toEqual(alerts);
    expect(runbook.metadata.owners.length).toBeGreaterThan(0);
    expect(runbook.metadata.approvers.length).toBeGreaterThan(0);
    expect(runbook.prerequisites.length).toBeGreaterThan(0);
  });

  it('runs Diagnosis before Mitigation, then Verification and Escalation', () => {
    const order = [...new Set(runbook.steps.map((s) => s.section))];
    expect(order).toEqual(['Diagnosis', 'Mitigation', 'Verification', 'Escalation']);
  });

  it('leaves an on-call engineer nothing to ask: every variable is described, every step concrete', () => {
    expect(runbook.ambiguities).toEqual([]);
    for (const variable of runbook.variables) {
      expect(variable.description, variable.name).not.toBeNull();
      expect(variable.usedInSteps.length, variable.name).toBeGreaterThan(0);
    }
  });
});

describe('rollbacks in the samples', () => {
  it.each([
    [
      'api-latency.md',
      'kubectl -n $NAMESPACE scale deployment/$DEPLOYMENT --replicas=<target-replicas>',
      'kubectl -n $NAMESPACE scale deployment/$DEPLOYMENT --replicas=<current-replicas>',
    ],
    [
      'redis-memory.md',
      'redis-cli -h $REDIS_HOST -p $REDIS_PORT CONFIG SET activedefrag yes',
      'redis-cli -h $REDIS_HOST -p $REDIS_PORT CONFIG SET activedefrag no',
    ],
    [
      'crash-looping-pod.md',
      'kubectl -n $NAMESPACE set resources deployment/$DEPLOYMENT -c $CONTAINER --limits=memory=<new-memory-limit>',
      'kubectl -n $NAMESPACE set resources deployment/$DEPLOYMENT -c $CONTAINER --limits=memory=<current-memory-limit>',
    ],
    [
      'certificate-expiry.md',
      'cmctl renew -n $NAMESPACE $CERTIFICATE',
      'kubectl -n $NAMESPACE apply -f /tmp/$SECRET-backup.yaml',
    ],
    ['disk-nearly-full.md', 'kubectl cordon $NODE', 'kubectl uncordon $NODE'],
  ])('%s: `%s` is undone by `%s`', (file, command, rollback) => {
    expect(compile(file).steps.find((s) => s.command === command)?.rollback).toBe(rollback);
  });
});
