import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runClassifyCli } from '../../../src/classifier/cli.js';

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

async function run(args: string[], input = ''): Promise<{ code: number; out: string; err: string }> {
  const stdin = new PassThrough();
  const out = sink();
  const err = sink();
  stdin.end(input);
  const code = await runClassifyCli(args, { stdin, stdout: out.stream, stderr: err.stream });
  return { code, out: out.text(), err: err.text() };
}

describe('classify CLI for people', () => {
  it('prints the level, deciding segment, target and every reason with an underline', async () => {
    const { code, out } = await run(['sudo rm -rf /var/lib/docker && echo ok']);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toBe('🔴 DANGEROUS');
    expect(out).toContain('deciding: rm -rf /var/lib/docker  [rm.system-path]');
    expect(out).toContain('target:   /var/lib/docker');
    const at = lines.findIndex((l) => l.includes('rm.system-path') && l.includes('🔴'));
    expect(lines[at + 2]).toBe('     sudo rm -rf /var/lib/docker && echo ok');
    expect(lines[at + 3]).toBe(`     ${' '.repeat(5)}${'^'.repeat('rm -rf /var/lib/docker'.length)}`);
    expect(out).toContain('shell.echo');
  });

  it('joins unquoted words into one command', async () => {
    const { out } = await run(['kubectl', 'get', 'pods']);
    expect(out.split('\n')[0]).toBe('🟢 SAFE');
  });

  it('prints JSON with --json', async () => {
    const { out } = await run(['--json', 'kubectl delete ns staging']);
    expect(JSON.parse(out)).toMatchObject({ level: 'dangerous', target: 'namespace/staging' });
  });

  it('exits 2 with usage when there is no command', async () => {
    const { code, err } = await run([]);
    expect(code).toBe(2);
    expect(err).toContain('usage');
  });
});

describe('classify --jsonl', () => {
  it('answers every line in order, bad lines included, with micros', async () => {
    const input = [
      JSON.stringify({ cmd: 'rm -rf /' }),
      'not json',
      JSON.stringify({ command: 'ls' }),
      '',
      JSON.stringify({ cmd: 'kubectl get pods' }),
    ].join('\n');
    const { code, out } = await run(['--jsonl'], `${input}\n`);
    expect(code).toBe(0);
    const rows = out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => r.level)).toEqual(['dangerous', 'unknown', 'unknown', 'unknown', 'safe']);
    expect(rows.map((r) => r.cmd)).toEqual(['rm -rf /', null, null, null, 'kubectl get pods']);
    expect(Object.keys(rows[0]!)).toEqual(['cmd', 'level', 'reasons', 'micros']);
    expect(rows[0]!.micros).toBeTypeOf('number');
    expect((rows[1]!.reasons as Array<{ ruleId: string }>)[0]!.ruleId).toBe('input.bad-line');
    expect((rows[4]!.reasons as Array<{ ruleId: string; span: unknown }>)[0]).toMatchObject({
      ruleId: 'kubectl.get',
      span: { start: 0, end: 16 },
    });
  });

  it('streams: answers a line before stdin ends', async () => {
    const stdin = new PassThrough();
    const out = new PassThrough();
    const done = runClassifyCli(['--jsonl'], { stdin, stdout: out, stderr: new PassThrough() });
    const first = new Promise<string>((resolve) => out.once('data', (chunk) => resolve(String(chunk))));
    stdin.write(`${JSON.stringify({ cmd: 'kubectl get pods' })}\n`);
    expect(JSON.parse(await first)).toMatchObject({ cmd: 'kubectl get pods', level: 'safe' });
    stdin.end();
    await done;
  });

  it('handles thousands of lines and very long commands', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({ cmd: i % 2 ? `kubectl get pods -n ns${i}` : `echo ${'x'.repeat(20_000)}` }),
    );
    const { out } = await run(['--jsonl'], `${lines.join('\n')}\n`);
    const rows = out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: string; reasons: Array<{ ruleId: string }> });
    expect(rows).toHaveLength(3000);
    expect(rows[0]!.reasons[0]!.ruleId).toBe('limit.size');
    expect(rows[1]!.level).toBe('safe');
  });
});
