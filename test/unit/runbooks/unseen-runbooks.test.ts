import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileRunbook, DROP_REASONS } from '../../../src/runbooks/index.js';

/**
 * Runbooks written in formats the compiler was not tuned on (see the folder's README). Each
 * must compile to what its author meant: the steps, each shell command exactly (prompts
 * stripped, output left out, continuations whole), non-shell code never taken for shell,
 * and every command not made a step reported in `dropped` with a reason.
 */
const folder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/runbooks-unseen');

interface Expectation {
  steps: number;
  commands: string[];
  notShell: string[];
  rollbacks: string[];
  dropped: Array<{ text: string; reason: string }>;
}

const expectations = JSON.parse(readFileSync(path.join(folder, 'expectations.json'), 'utf8')) as Record<
  string,
  Expectation
>;
const files = readdirSync(folder)
  .filter((f) => /\.(?:md|html|txt)$/.test(f) && !f.startsWith('README'))
  .sort();

describe('runbooks in formats the compiler was not tuned on', () => {
  it('has at least 25 of them, each with its expectation', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
    expect(Object.keys(expectations).sort()).toEqual(files);
  });

  it.each(files)('%s compiles to the steps its author meant', (file) => {
    const runbook = compileRunbook(readFileSync(path.join(folder, file), 'utf8'), { fileName: file });
    const expected = expectations[file]!;
    expect({
      steps: runbook.steps.length,
      commands: runbook.steps.filter((s) => s.isShell && s.command).map((s) => s.command),
      notShell: runbook.steps.filter((s) => !s.isShell && s.language).map((s) => s.language),
      rollbacks: runbook.steps.filter((s) => s.rollback).map((s) => s.rollback),
      dropped: runbook.dropped.map((d) => ({ text: d.text, reason: d.reason })),
    }).toEqual(expected);
    for (const step of runbook.steps) {
      // A command never keeps the prompt it was pasted with.
      if (step.command) expect(step.command).not.toMatch(/^(?:\$|#|PS [A-Z]:\\.*>|[\w.-]+@[\w.-]+\S*[$#])\s/);
      // Code that is not shell is never run by the executor.
      if (!step.isShell) expect(step.command).toBeNull();
    }
    for (const dropped of runbook.dropped) {
      expect(DROP_REASONS).toContain(dropped.reason);
      expect(dropped.message.length).toBeGreaterThan(40);
    }
  });
});
