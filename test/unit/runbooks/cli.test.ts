import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLintCli, runParseCli } from '../../../src/runbooks/cli.js';
import { fakeClassify } from './fake-classifier.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = (name: string) => path.join(root, 'test/fixtures/runbooks', name);

function harness(stdinText = '') {
  const stdin = new PassThrough();
  stdin.end(stdinText);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  return { io: { stdin, stdout, stderr }, out: () => out, err: () => err };
}

const deps = { classify: fakeClassify };

describe('parse <file> --json', () => {
  it('prints the typed runbook as one JSON object with steps, levels, variables, prerequisites and ambiguities', async () => {
    const h = harness();
    const code = await runParseCli([fixture('prometheus-operator/KubePodCrashLooping.md'), '--json'], h.io, deps);
    expect(code).toBe(0);
    expect(h.out().trim().split('\n')).toHaveLength(1);
    const json = JSON.parse(h.out()) as Record<string, unknown> & { steps: Array<Record<string, unknown>> };
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining([
        'title',
        'steps',
        'variables',
        'prerequisites',
        'ambiguities',
        'branches',
        'metadata',
        'source',
        'compiler',
      ]),
    );
    expect(json.title).toBe('Kube Pod Crash Looping');
    expect(json.steps.slice(0, 4).map((s) => [s.title, s.command, s.level])).toEqual([
      ['Check template via `kubectl -n $NAMESPACE get pod $POD`', 'kubectl -n $NAMESPACE get pod $POD', 'safe'],
      [
        'Check pod events via `kubectl -n $NAMESPACE describe pod $POD`',
        'kubectl -n $NAMESPACE describe pod $POD',
        'safe',
      ],
      [
        'Check pod logs via `kubectl -n $NAMESPACE logs $POD -c $CONTAINER`',
        'kubectl -n $NAMESPACE logs $POD -c $CONTAINER',
        'safe',
      ],
      ['Check pod template parameters such as', null, null],
    ]);
    expect(json.variables).toEqual([
      expect.objectContaining({ name: 'NAMESPACE' }),
      expect.objectContaining({ name: 'POD' }),
      expect.objectContaining({ name: 'CONTAINER' }),
    ]);
  });

  it('prints one JSON error object and exits 1 when the runbook has no step', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rb-parse-'));
    const file = path.join(dir, 'notes.md');
    await writeFile(file, '# Notes\n\nThe service is written in Go.\n');
    const h = harness();
    expect(await runParseCli([file, '--json'], h.io, deps)).toBe(1);
    expect(JSON.parse(h.out())).toEqual({
      error: { code: 'runbook_empty', message: expect.stringMatching(/^No actionable step found/), file },
    });
    expect(h.err()).toContain(`${file}: runbook_empty: No actionable step found`);
    await rm(dir, { recursive: true });
  });
});

describe('parse <file>', () => {
  it('prints the text preview', async () => {
    const h = harness();
    expect(await runParseCli([fixture('prometheus-operator/KubeletDown.md')], h.io, deps)).toBe(0);
    expect(h.out()).toMatch(/^# Kubelet Down\n/);
    expect(h.out()).toContain(
      '  🟢 1. Check the status of nodes and for recent events on `Node` objects, or for recent events in general (1 of 4)\n',
    );
    expect(h.out()).toContain('       $ kubectl get nodes\n');
  });

  it('reads stdin with "-" and an explicit format', async () => {
    const h = harness(
      '<h2>Steps</h2><ol><li><p>List pods</p><pre><code class="language-bash">kubectl get pods -n web</code></pre></li></ol>',
    );
    expect(await runParseCli(['-', '--format', 'html', '--json'], h.io, deps)).toBe(0);
    const json = JSON.parse(h.out()) as { source: { format: string }; steps: Array<{ command: string }> };
    expect(json.source.format).toBe('html');
    expect(json.steps.map((s) => s.command)).toEqual(['kubectl get pods -n web']);
  });

  it.each([
    [['runbook.pdf'], 2, /not a runbook file/],
    [[], 2, /no file given/],
    [['a.md', '--yaml'], 2, /unknown option --yaml/],
    [['-', '--format', 'docx'], 2, /unknown format "docx"/],
  ])('rejects %j with exit %i', async (args, code, message) => {
    const h = harness();
    expect(await runParseCli(args, h.io, deps)).toBe(code);
    expect(h.err()).toMatch(message);
  });

  it('exits 1 with a readable message for a missing file', async () => {
    const h = harness();
    expect(await runParseCli(['/nonexistent/runbook.md'], h.io, deps)).toBe(1);
    expect(h.err()).toMatch(/^\/nonexistent\/runbook\.md: unreadable: cannot read \/nonexistent\/runbook\.md: ENOENT/);
  });
});

describe('lint <folder>', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rb-lint-'));
    await mkdir(path.join(dir, 'team', 'db'), { recursive: true });
    await writeFile(
      path.join(dir, 'good.md'),
      '---\ntitle: Good\n---\n\n## Steps\n\n1. Restart it: `kubectl -n web rollout restart deployment/web`\n2. Check the logs.\n',
    );
    await writeFile(
      path.join(dir, 'bad-front-matter.md'),
      '---\ntrust_level: high\n---\n\n1. Run `kubectl get pods -A`\n',
    );
    await writeFile(path.join(dir, 'team', 'db', 'empty.txt'), 'Nothing to do here, this is a note.\n');
    await writeFile(
      path.join(dir, 'team', 'db', 'failover.html'),
      '<h2>Steps</h2><ol><li><p>Promote</p><pre><code class="language-bash">pg_ctl promote -D /var/lib/postgresql/data</code></pre></li></ol>',
    );
    await writeFile(
      path.join(dir, 'node.md'),
      [
        '## Diagnosis',
        '',
        '1. Open a debug shell on the node:',
        '',
        '   ```console',
        '   $ oc debug node/worker-1',
        '   sh-4.4# df -h /var',
        '   sh-4.4# exit',
        '   ```',
        '',
        'Alternatively, read the node summary: `oc describe node worker-1`.',
        '',
        'Do not forget `oc adm uncordon worker-1` later.',
      ].join('\n'),
    );
    await writeFile(path.join(dir, 'README.md'), '# How to write runbooks\n\nSee docs.\n');
    await writeFile(path.join(dir, 'notes.json'), '{}');
    await writeFile(path.join(dir, 'SOURCE.txt'), 'Copied from the wiki on 2024-03-01.\n');
  });
  afterAll(async () => rm(dir, { recursive: true }));

  it('lints every runbook (not README, SOURCE or .json), prints per file its steps, risk counts, unknown share, dropped commands with reasons, contexts, branches and questions, then totals, and exits 1 on errors', async () => {
    const h = harness();
    const code = await runLintCli([dir], h.io, deps);
    expect(code).toBe(1);
    const out = h.out().replaceAll(`${path.relative(process.cwd(), dir)}/`, '');
    expect(out).toBe(
      [
        '✖ bad-front-matter.md — runbook_invalid: Front matter field `trust_level`: expected 0, 1 or 2',
        '✔ good.md — 2 steps (1 commands) · 🟢 0  🟡 1  🔴 0  ⬜ 0 · unknown 0% · dropped 0 · contexts 0 · branches 0 · variables: none · 1 questions',
        '    🟡 1. Restart it: `kubectl -n web rollout restart deployment/web`  $ kubectl -n web rollout restart deployment/web',
        '    ·  2. Check the logs',
        '    ? step 2: Which logs (which pod, container, file or query), and with what command?',
        '✔ node.md — 3 steps (3 commands) · 🟢 2  🟡 0  🔴 0  ⬜ 1 · unknown 33.3% · dropped 2 · contexts 1 · branches 1 · variables: none · 0 questions',
        '    ⬜ 1. Open a debug shell on the node (1 of 2)  $ oc debug node/worker-1  [by hand]',
        '    🟢 2. Open a debug shell on the node (2 of 2)  $ df -h /var  [wrapped]',
        '    🟢 3. Alternatively, read the node summary: `oc describe node worker-1`  $ oc describe node worker-1',
        '    ⚠ dropped `exit` (after step 2): It leaves the shell session opened above; the steps after it run outside that session.',
        '    ⚠ dropped `oc adm uncordon worker-1` (after step 3): It is only mentioned, in a sentence that asks for nothing; write "Run `…`" or put it in a code block if it should be run.',
        '    ◇ after the start: Which of these do you want to do? [Open a debug shell on the node] [Read the node summary: `oc describe node worker-1`]',
        '✖ team/db/empty.txt — runbook_empty: No actionable step found: looked for shell commands (code blocks, `$ ` prompt lines, inline code such as `kubectl get pods` in a list item), numbered or bulleted instructions ("Check …", "Restart …", "See …"), and text under headings such as Diagnosis, Mitigation or Steps, and found none.',
        '✔ team/db/failover.html — 1 steps (1 commands) · 🟢 0  🟡 0  🔴 0  ⬜ 1 · unknown 100% · dropped 0 · contexts 0 · branches 0 · variables: none · 0 questions',
        '    ⬜ 1. Promote  $ pg_ctl promote -D /var/lib/postgresql/data',
        '',
        '5 files: 3 ok, 2 with errors · 6 steps, 5 commands · 🟢 2  🟡 1  🔴 0  ⬜ 2 · unknown 40% · dropped 2 (each explained) · contexts 1 · branches 1 · 1 questions',
        '',
      ].join('\n'),
    );
  });

  it('exits 2 for a folder that cannot be read', async () => {
    const h = harness();
    expect(await runLintCli([path.join(dir, 'missing')], h.io, deps)).toBe(2);
    expect(h.err()).toMatch(/cannot read folder .*missing: ENOENT/);
  });

  it('lints the shipped sample runbooks clean', async () => {
    const h = harness();
    expect(await runLintCli([path.join(root, 'runbooks')], h.io, deps)).toBe(0);
    expect(h.out()).toMatch(
      /\n7 files: 7 ok, 0 with errors · \d+ steps, \d+ commands · .* · dropped 0 · .* · 0 questions\n$/,
    );
  });
});
