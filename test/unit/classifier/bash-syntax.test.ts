import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillPlaceholders } from '../../../src/classifier/corpus/extract-commands.js';
import { scanCommand } from '../../../src/classifier/index.js';
import { fixtureFiles, loadCorpus, sharedRoot } from './support/corpus.js';

/**
 * Cross-check with bash itself (issue 16, class 7): whenever `bash -n` reports a syntax
 * error, the scanner must not say safe. Inputs are corpus commands and seeded mutations of
 * them (truncated, or with a stray token inserted). Runbook placeholders are filled in first,
 * as the runbook compiler does: `<pod>` is a value to the scanner and a redirection to bash.
 */
const TOKENS = [
  '(',
  ')',
  "'",
  '"',
  '{',
  '}',
  ';;',
  '|',
  '&&',
  ' fi',
  ' done',
  ' esac',
  '`',
  '$(',
  ' then',
  ' do',
  '<<',
  '>',
  '<',
  'if ',
  'case ',
];

/** mulberry32: a small seeded generator, so the same inputs are checked every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function inputs(): string[] {
  const rand = random(16);
  const commands = [join(sharedRoot, 'corpora/sre-commands.jsonl'), ...fixtureFiles()]
    .flatMap((file) => loadCorpus(file).map((r) => fillPlaceholders(r.cmd)))
    .filter((cmd) => /^[\t\n\x20-\x7e]*$/.test(cmd));
  const picked = Array.from({ length: 200 }, () => commands[Math.floor(rand() * commands.length)]!);
  return picked.flatMap((cmd) => {
    const at = Math.floor(rand() * (cmd.length + 1));
    const token = TOKENS[Math.floor(rand() * TOKENS.length)]!;
    return [cmd, cmd.slice(0, Math.max(1, Math.floor(rand() * cmd.length))), cmd.slice(0, at) + token + cmd.slice(at)];
  });
}

/** Which texts `bash -n` rejects: one bash process checks them all (a spawn per text is slow). */
function rejectedByBash(texts: readonly string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'bash-n-'));
  try {
    const files = texts.map((text, i) => {
      const file = join(dir, `${i}.sh`);
      writeFileSync(file, text);
      return file;
    });
    const script = 'for f; do if bash --norc --noprofile -n "$f" 2>/dev/null; then echo 0; else echo 1; fi; done';
    const result = spawnSync('bash', ['-c', script, 'check', ...files], { encoding: 'utf8', timeout: 60_000 });
    const statuses = result.stdout.trim().split('\n');
    if (statuses.length !== texts.length) throw new Error(`bash -n answered ${statuses.length} of ${texts.length}`);
    return texts.filter((_, i) => statuses[i] === '1');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('bash -n agrees that broken shell is never safe', () => {
  it('never calls safe a command bash rejects', { timeout: 120_000 }, () => {
    const rejected = rejectedByBash(inputs());
    // Enough of the mutations must break the syntax for the check to mean anything.
    expect(rejected.length).toBeGreaterThan(60);
    const calledSafe = rejected.filter((text) => scanCommand(text).level === 'safe');
    expect(calledSafe).toEqual([]);
  });
});
