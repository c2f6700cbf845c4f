import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RISK_LEVELS, type RiskLevel } from '../../../../src/classifier/types.js';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
/** Copies of the team's shared corpora, kept in the repo so tests need nothing beside it. */
export const sharedRoot = resolve(repoRoot, 'test/fixtures/shared');
export const fixturesDir = join(repoRoot, 'test/fixtures/commands');

export interface LabelledCommand {
  cmd: string;
  level: RiskLevel;
  why: string;
}

/** Reads a labelled JSONL corpus and checks every row has a command, a level and a reason. */
export function loadCorpus(file: string): LabelledCommand[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const row = JSON.parse(line) as Partial<LabelledCommand>;
      if (typeof row.cmd !== 'string' || !RISK_LEVELS.includes(row.level as RiskLevel) || typeof row.why !== 'string') {
        throw new Error(`${file}:${i + 1} is not a {cmd, level, why} row`);
      }
      return row as LabelledCommand;
    });
}

export function fixtureFiles(): string[] {
  return readdirSync(fixturesDir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(fixturesDir, f));
}

export function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? markdownFiles(path) : path.endsWith('.md') ? [path] : [];
  });
}
