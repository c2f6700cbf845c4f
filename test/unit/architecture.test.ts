import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('architecture (docs/architecture.md)', () => {
  it('keeps the dependency rule and has no import cycles', { timeout: 120_000 }, async () => {
    const previous = process.cwd();
    process.chdir(root);
    try {
      const { createRequire } = await import('node:module');
      const ruleSet = createRequire(import.meta.url)(path.join(root, '.dependency-cruiser.cjs'));
      const result = await cruise(['src', 'blocks', 'migrations'], { validate: true, ruleSet, ...ruleSet.options });
      const output = result.output as {
        summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> };
      };
      const violations = output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
      expect(violations).toEqual([]);
    } finally {
      process.chdir(previous);
    }
  });

  it('reads process.env only in src/config.ts', () => {
    const offenders = files(path.join(root, 'src'))
      .filter((f) => !f.endsWith(path.join('src', 'config.ts')))
      .filter((f) => /\bprocess\.env\b/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f));
    expect(offenders).toEqual([]);
  });
});
