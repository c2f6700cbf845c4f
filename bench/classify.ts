/**
 * Scanner latency over every corpus command (the SRE corpus, the fixture corpora and the
 * commands in test/fixtures/shared/runbooks-real), after a warm-up, repeated for stable percentiles.
 * Prints one JSON object. `--runbooks-real` prints the runbooks-real level breakdown instead.
 *
 *   npx tsx bench/classify.ts [--rounds N] [--runbooks-real]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractCommands, fillPlaceholders } from '../src/classifier/corpus/extract-commands.js';
import { scanCommand } from '../src/classifier/scanner/scan.js';
import { clearSqlCache } from '../src/classifier/sql/classify-sql.js';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const sharedRoot = resolve(repoRoot, 'test/fixtures/shared');

function jsonlCommands(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { cmd: string }).cmd);
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? markdownFiles(path) : path.endsWith('.md') ? [path] : [];
  });
}

function runbookCommands(): string[] {
  return markdownFiles(join(sharedRoot, 'runbooks-real')).flatMap((file) =>
    extractCommands(readFileSync(file, 'utf8')).map((c) => fillPlaceholders(c.command)),
  );
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)]! * 10) / 10;
}

function runbooksReport(): void {
  const commands = runbookCommands();
  const levels: Record<string, number> = { safe: 0, caution: 0, dangerous: 0, unknown: 0 };
  const unknown: string[] = [];
  for (const cmd of commands) {
    const level = scanCommand(cmd).level;
    levels[level] = (levels[level] ?? 0) + 1;
    if (level === 'unknown') unknown.push(cmd);
  }
  const share = commands.length === 0 ? 0 : (levels.unknown ?? 0) / commands.length;
  console.log(
    JSON.stringify({ commands: commands.length, levels, unknownShare: Math.round(share * 1000) / 1000, unknown }),
  );
}

function timeOnce(cmd: string): number {
  const t0 = process.hrtime.bigint();
  scanCommand(cmd);
  return Number(process.hrtime.bigint() - t0) / 1000;
}

function summary(samples: number[]): {
  p50Micros: number;
  p90Micros: number;
  p99Micros: number;
  maxMicros: number;
  meanMicros: number;
} {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50Micros: percentile(sorted, 50),
    p90Micros: percentile(sorted, 90),
    p99Micros: percentile(sorted, 99),
    maxMicros: percentile(sorted, 100),
    meanMicros: Math.round((sorted.reduce((a, b) => a + b, 0) / sorted.length) * 10) / 10,
  };
}

function bench(rounds: number): void {
  const fixtures = join(repoRoot, 'test/fixtures/commands');
  const commands = [
    ...jsonlCommands(join(sharedRoot, 'corpora/sre-commands.jsonl')),
    ...readdirSync(fixtures)
      .filter((f) => f.endsWith('.jsonl'))
      .flatMap((f) => jsonlCommands(join(fixtures, f))),
    ...runbookCommands(),
  ];
  // Warm-up: load the grammar and the SQL dialects and let the JIT settle.
  for (let i = 0; i < 3; i++) for (const cmd of commands) scanCommand(cmd);
  // First sight of every command: nothing cached (SQL results are cached per statement).
  clearSqlCache();
  const firstSeen = commands.map(timeOnce);
  const samples: number[] = [];
  const started = performance.now();
  for (let r = 0; r < rounds; r++) for (const cmd of commands) samples.push(timeOnce(cmd));
  const elapsedMs = performance.now() - started;
  console.log(
    JSON.stringify({
      commands: commands.length,
      rounds,
      samples: samples.length,
      ...summary(samples),
      commandsPerSecond: Math.round(samples.length / (elapsedMs / 1000)),
      firstSeen: summary(firstSeen),
      node: process.version,
    }),
  );
}

const args = process.argv.slice(2);
const roundsIndex = args.indexOf('--rounds');
const rounds = roundsIndex >= 0 ? Number(args[roundsIndex + 1]) : 20;
if (args.includes('--runbooks-real')) runbooksReport();
else bench(rounds);
