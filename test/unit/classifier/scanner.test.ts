import { describe, expect, it } from 'vitest';
import { type Reason, SEVERITY, scanCommand } from '../../../src/classifier/index.js';

/** The text a reason points at in the original command. */
const pointed = (cmd: string, r: Reason): string => cmd.slice(r.span.start, r.span.end);

describe('scanCommand verdict shape', () => {
  it('puts the deciding reason first and keeps every segment, most severe first', () => {
    const cmd = 'kubectl get pods && rm -rf /srv/app; echo done';
    const v = scanCommand(cmd);
    expect(v.level).toBe('dangerous');
    expect(v.deciding).toBe(v.reasons[0]);
    expect(v.reasons.map((r) => r.ruleId)).toEqual(['rm.recursive', 'kubectl.get', 'shell.echo']);
    const severities = v.reasons.map((r) => SEVERITY[r.level]);
    expect([...severities].sort((a, b) => b - a)).toEqual(severities);
  });

  it('points each reason at its segment in the original text', () => {
    const cmd = 'kubectl get pods && rm -rf /srv/app; echo done';
    const v = scanCommand(cmd);
    expect(v.reasons.map((r) => pointed(cmd, r))).toEqual(['rm -rf /srv/app', 'kubectl get pods', 'echo done']);
    expect(v.reasons.map((r) => r.segment)).toEqual(['rm -rf /srv/app', 'kubectl get pods', 'echo done']);
  });

  it('uses UTF-16 offsets, so text after emoji and accents still lines up', () => {
    const cmd = 'echo "déjà 🙂" && rm -rf /srv/app';
    const v = scanCommand(cmd);
    expect(pointed(cmd, v.deciding)).toBe('rm -rf /srv/app');
    expect(v.deciding.span).toEqual({ start: cmd.indexOf('rm -rf'), end: cmd.length });
  });

  it('maps spans inside bash -c scripts and ssh commands back to the original', () => {
    const cmd = `ssh web1 'uptime; sudo systemctl stop sshd'`;
    const v = scanCommand(cmd);
    expect(v.level).toBe('dangerous');
    expect(v.deciding.ruleId).toBe('systemctl.critical-unit');
    expect(pointed(cmd, v.deciding)).toBe('systemctl stop sshd');
    const nested = scanCommand(`bash -c "kubectl delete ns staging"`);
    expect(pointed(`bash -c "kubectl delete ns staging"`, nested.deciding)).toBe('kubectl delete ns staging');
  });

  it('points redirect reasons at the redirect', () => {
    const cmd = 'kubectl get deploy api -o yaml > /etc/kubernetes/api.yaml';
    const v = scanCommand(cmd);
    expect(v.deciding.ruleId).toBe('redirect.system-path');
    expect(pointed(cmd, v.deciding)).toBe('> /etc/kubernetes/api.yaml');
    expect(v.target).toBe('/etc/kubernetes/api.yaml');
  });

  it('names the target a second person types to confirm', () => {
    expect(scanCommand('kubectl delete deployment api -n payments').target).toBe('deployment/api');
    expect(scanCommand('kubectl delete namespace staging').target).toBe('namespace/staging');
    expect(scanCommand('sudo rm -rf /var/lib/docker').target).toBe('/var/lib/docker');
    expect(scanCommand('psql -c "DROP TABLE audit_log"').target).toBe('audit_log');
    expect(scanCommand('psql -c "DELETE FROM sessions"').target).toBe('sessions');
    expect(scanCommand('helm uninstall web -n frontend').target).toBe('web');
    expect(scanCommand('terraform state rm aws_s3_bucket.logs').target).toBe('aws_s3_bucket.logs');
    expect(scanCommand('systemctl stop kubelet').target).toBe('kubelet');
    expect(scanCommand('aws s3 rm s3://logs --recursive').target).toBe('s3://logs');
    expect(scanCommand('docker volume rm pgdata').target).toBe('pgdata');
    expect(scanCommand('redis-cli DEL session:abc').target).toBe('session:abc');
    expect(scanCommand('ssh db1 "psql -c \'DROP DATABASE app\'"').target).toBe('app');
  });

  it('gives no target for safe commands', () => {
    expect(scanCommand('kubectl get pods -n payments').target).toBeNull();
  });

  it('never returns an empty reason list', () => {
    for (const cmd of ['', '   ', '# comment', ';', 'ls']) {
      const v = scanCommand(cmd);
      expect(v.reasons.length).toBeGreaterThan(0);
      expect(v.deciding).toBe(v.reasons[0]);
    }
    expect(scanCommand('').level).toBe('unknown');
    expect(scanCommand('').deciding.ruleId).toBe('input.empty');
  });
});

describe('what the scanner cannot resolve is unknown', () => {
  it('reports parse errors with their position', () => {
    const cmd = 'kubectl get pods | (';
    const v = scanCommand(cmd);
    expect(v.level).toBe('unknown');
    const error = v.reasons.find((r) => r.ruleId === 'parse.error')!;
    expect(error.span.start).toBeGreaterThanOrEqual(cmd.indexOf('('));
  });

  it('reports text the grammar skipped without an ERROR node', () => {
    const v = scanCommand("psql -f -  <<'SQL'\nSELECT 1;\nSQL");
    expect(v.reasons.map((r) => r.ruleId)).toContain('parse.skipped-text');
    expect(v.level).toBe('unknown');
  });

  it('refuses inputs past the size cap without parsing', () => {
    const v = scanCommand(`echo ${'a'.repeat(20_000)}`);
    expect(v.level).toBe('unknown');
    expect(v.deciding.ruleId).toBe('limit.size');
    expect(scanCommand('ls -la', { maxInputLength: 3 }).deciding.ruleId).toBe('limit.size');
  });

  it('stops at the nesting limit', () => {
    let cmd = 'ls';
    for (let i = 0; i < 12; i++) cmd = `bash -c ${JSON.stringify(cmd)}`;
    const v = scanCommand(cmd);
    expect(v.level).toBe('unknown');
    expect(v.reasons.map((r) => r.ruleId)).toContain('limit.depth');
    expect(scanCommand('sudo sudo sudo ls', { maxDepth: 2 }).reasons.map((r) => r.ruleId)).toContain('limit.depth');
    expect(scanCommand('bash -c "ls"').level).toBe('safe');
  });

  it('stops at a work budget, not a clock, and says which one ran out', () => {
    const long = Array.from({ length: 2000 }, (_, i) => `kubectl get pods -n ns${i}`).join('; ');
    const byNodes = scanCommand(long, { maxNodes: 500, maxInputLength: 1_000_000 });
    expect(byNodes.level).toBe('unknown');
    expect(byNodes.reasons.map((r) => r.ruleId)).toContain('limit.nodes');
    expect(scanCommand(long, { maxInputLength: 1_000_000 }).level).toBe('safe');
    const nested = 'bash -c "bash -c \'ls\'"';
    expect(scanCommand(nested, { maxNestedScans: 1 }).reasons.map((r) => r.ruleId)).toContain('limit.nesting');
    expect(scanCommand(nested).level).toBe('safe');
    const bytes = scanCommand(long, { maxParsedBytes: 1000, maxInputLength: 1_000_000 });
    expect(bytes.reasons.map((r) => r.ruleId)).toContain('limit.bytes');
  });

  it('keeps what it found before a budget ran out, the same way every time', () => {
    const long = `rm -rf /srv/app; ${Array.from({ length: 4000 }, () => 'ls').join('; ')}`;
    const verdicts = Array.from({ length: 5 }, () => scanCommand(long, { maxNodes: 300, maxInputLength: 1_000_000 }));
    for (const v of verdicts) {
      expect(v.level).toBe('dangerous');
      expect(v.target).toBe('/srv/app');
      expect(v.reasons.map((r) => r.ruleId)).toContain('limit.nodes');
    }
  });

  it('calls unknown programs and opaque scripts unknown, naming the rule', () => {
    expect(scanCommand('frobnicate --all').deciding.ruleId).toBe('program.unknown');
    expect(scanCommand('./failover.sh').deciding.ruleId).toBe('program.script');
    expect(scanCommand('$CMD --force').deciding.ruleId).toBe('shell.dynamic-command');
  });

  it('resolves versioned and suffixed program names to their family', () => {
    expect(scanCommand('python3.11 --version').level).toBe('safe');
    expect(scanCommand('mkfs.ext4 /dev/sdb1').level).toBe('dangerous');
  });
});

describe('wrappers and payloads', () => {
  it.each([
    ['sudo', 'sudo kubectl delete ns staging'],
    ['env', 'env A=1 kubectl delete ns staging'],
    ['timeout', 'timeout 30 kubectl delete ns staging'],
    ['nohup', 'nohup kubectl delete ns staging &'],
    ['xargs', 'echo x | xargs kubectl delete ns'],
    ['watch', 'watch kubectl delete ns staging'],
    ['ssh', "ssh bastion 'kubectl delete ns staging'"],
    ['kubectl exec', 'kubectl exec tools -- kubectl delete ns staging'],
    ['docker exec', 'docker exec tools kubectl delete ns staging'],
    ['find -exec', 'find . -name x -exec kubectl delete ns {} \\;'],
  ])('%s classifies its payload', (_name, cmd) => {
    const v = scanCommand(cmd);
    expect(v.level).toBe('dangerous');
    expect(v.reasons.some((r) => r.ruleId.startsWith('kubectl.delete'))).toBe(true);
  });

  it('keeps the caution floor of kubectl exec even for a read', () => {
    const v = scanCommand('kubectl exec api-0 -- cat /etc/hostname');
    expect(v.level).toBe('caution');
    expect(v.deciding.ruleId).toBe('kubectl.exec');
    expect(v.target).toBe('api-0');
  });
});
