import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Nodes, Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { compileRunbook, DROP_REASONS, normalise } from '../../../src/runbooks/index.js';
import type { CompiledRunbook } from '../../../src/runbooks/types.js';

/**
 * Every command an author wrote ends in a step, a rollback, a prerequisite, a variable
 * definition, or the dropped list with a reason `lint` prints. The commands are counted
 * here independently of the compiler's reader: prompt lines of console blocks, lines of
 * shell blocks that start with a well-known program, and inline code that does.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const folders = [
  'test/fixtures/shared/runbooks-real',
  'test/fixtures/runbooks',
  'test/fixtures/runbooks-unseen',
  'runbooks',
].map((f) => path.join(root, f));

function runbookFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return runbookFiles(full);
    return /\.(?:md|html|txt)$/.test(entry) && !/^(?:README|SOURCE|LICENSE)/.test(entry) ? [full] : [];
  });
}

// biome-ignore format: a word list reads better packed
const PROGRAMS = new Set([
  'kubectl', 'oc', 'helm', 'virtctl', 'ceph', 'rados', 'rbd', 'etcdctl', 'crictl', 'journalctl', 'systemctl', 'df',
  'du', 'sysctl', 'lsof', 'ovn-appctl', 'ovn-nbctl', 'ovn-sbctl', 'ovs-vsctl', 'psql', 'redis-cli', 'curl', 'top',
  'pidstat', 'mpstat', 'iostat', 'vmstat', 'watch', 'tail', 'chroot', 'toolbox', 'ssh', 'exit', 'amtool', 'promtool',
  'aws', 'gcloud', 'az', 'openssl', 'cmctl', 'ansible-playbook', 'pg_ctl', 'nginx', 'export', 'dig', 'ping', 'cat',
  'grep', 'ls', 'rm', 'mount', 'xfs_growfs', 'resize2fs', 'dmesg', 'free', 'uptime', 'ps', 'kill', 'sudo',
]);
const NOT_SHELL = /^(?:promql|yaml|yml|json|sql|text|txt|output|log|plaintext|ini|toml|xml|go|python|js|ts|diff)$/i;
const PROMPT = /^\s*(?:\$|(?:\[[^\]\n]+\]|[\w.-]+@[\w.-]+(?::[^\s$#]*)?|(?:ba|z)?sh-\d+(?:\.\d+)*)\s?[$#])\s+/;

/** Commands as an author wrote them, counted without the compiler. */
function commandsIn(tree: Root): string[] {
  const found: string[] = [];
  const visit = (node: Nodes) => {
    if (node.type === 'code') {
      if (!NOT_SHELL.test(node.lang ?? '')) found.push(...codeCommands(node.value));
      return;
    }
    if (node.type === 'inlineCode') {
      if (startsWithProgram(node.value) && /\s\S/.test(node.value.trim())) found.push(node.value.trim());
      return;
    }
    if ('children' in node) for (const child of node.children as Nodes[]) visit(child);
  };
  visit(tree);
  return found;
}

/**
 * `$ cmd` lines anywhere in the text as pasted (quoted, indented, inside HTML tags), so a
 * prompt the normaliser failed to see as code is still counted.
 */
function rawPromptCommands(text: string): string[] {
  return text
    .replace(/\\\r?\n\s*(?:>\s+)?/g, ' ')
    .split(/\r?\n/)
    .map((line) =>
      line
        .replace(/<\/?(?:pre|code|p|div|span|br|li|td|b|strong|em|ac:[\w-]+)\b[^>]*>|<!\[CDATA\[|\]\]>/gi, '')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/^(?:\s*>)+/, '')
        .trim(),
    )
    .flatMap((line) => {
      const prompt = /^\$\s+(.*)$/.exec(line);
      return prompt && startsWithProgram(prompt[1]!) ? [prompt[1]!.trim()] : [];
    });
}

function codeCommands(code: string): string[] {
  // `\` continuations, and the `> ` prompt a terminal shows on the next line.
  const lines = code.replace(/\\\n\s*(?:>\s+)?/g, ' ').split('\n');
  const prompted = lines.some((l) => /^\s*\$\s+\S/.test(l));
  return lines.flatMap((line) => {
    const prompt = PROMPT.exec(line);
    if (prompted && !prompt) return [];
    const text = prompt ? line.slice(prompt[0].length) : line.trim();
    return startsWithProgram(text) ? [text.trim()] : [];
  });
}

function startsWithProgram(text: string): boolean {
  const words = text
    .trim()
    .replace(/^(?:[A-Za-z_]\w*=\S*\s+)+/, '')
    .split(/\s+/);
  return PROGRAMS.has(words[0] ?? '');
}

const flat = (text: string) => text.replace(/\\\n/g, ' ').replace(/\s+/g, ' ').trim();

function accounted(runbook: CompiledRunbook): string[] {
  return [
    ...runbook.steps.flatMap((s) => [s.command, s.rollback]),
    ...runbook.prerequisites.map((p) => p.command),
    ...runbook.dropped.map((d) => d.text),
    ...runbook.variables.flatMap((v) => (v.default !== null ? [`${v.name}=${v.default}`] : [])),
  ]
    .filter((c): c is string => c !== null)
    .map(flat);
}

const files = folders.flatMap(runbookFiles).sort();

describe('no command is lost: each is in a step, a rollback, a prerequisite, a definition, or dropped with a reason', () => {
  it('finds the runbooks to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(108 + 8 + 25);
  });

  it.each(files.map((f) => [path.relative(root, f), f]))('%s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const runbook = compileRunbook(text, { fileName: file });
    const held = accounted(runbook);
    const seen = [...commandsIn(normalise(text, { fileName: file }).tree), ...rawPromptCommands(text)];
    const lost = seen.filter((command) => {
      const wanted = flat(command)
        .replace(/^export\s+/, '')
        .replace(/["']/g, '');
      return !held.some((h) => h.replace(/["']/g, '').includes(wanted));
    });
    expect(lost).toEqual([]);
    for (const dropped of runbook.dropped) {
      expect(DROP_REASONS).toContain(dropped.reason);
      expect(dropped.message.length).toBeGreaterThan(40);
    }
  });
});
