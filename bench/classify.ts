/**
 * Scanner latency over every corpus command (the SRE corpus, the fixture corpora and the
 * commands in test/fixtures/shared/runbooks-real), after a warm-up, repeated for stable percentiles.
 * Prints one JSON object. The top-level percentiles are over every sample (command × round).
 * In the same run it times the bare tree-sitter parse of the same commands (`parse`), so the
 * ratio shows what the rules cost; `perCommand` takes each command's median over the rounds
 * before the percentiles (a busy shared host preempts single samples); `cpu` is CPU time.
 *
 *   npx tsx bench/classify.ts [--rounds N]
 *   npx tsx bench/classify.ts --runbooks-real     levels of the commands in the real runbooks
 *   npx tsx bench/classify.ts --holdout           read-only share and harmful-as-safe count on the holdout sets
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import TreeSitter from 'tree-sitter';
import Bash from 'tree-sitter-bash';
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

function levelCounts(commands: readonly string[]): { levels: Record<string, number>; unknown: string[] } {
  const levels: Record<string, number> = { safe: 0, caution: 0, dangerous: 0, unknown: 0 };
  const unknown: string[] = [];
  for (const cmd of commands) {
    const level = scanCommand(cmd).level;
    levels[level] = (levels[level] ?? 0) + 1;
    if (level === 'unknown') unknown.push(cmd);
  }
  return { levels, unknown };
}

/**
 * Levels of the commands in the real runbooks, with placeholders filled in as the runbook
 * compiler does (`${NAME}`) and, `asWritten`, with `<placeholder>`s left as the author wrote them.
 */
function runbooksReport(): void {
  const extracted = markdownFiles(join(sharedRoot, 'runbooks-real')).flatMap((file) =>
    extractCommands(readFileSync(file, 'utf8')).map((c) => c.command),
  );
  const filled = levelCounts(extracted.map(fillPlaceholders));
  const asWritten = levelCounts(extracted);
  const share = (counts: { levels: Record<string, number> }): number =>
    extracted.length === 0 ? 0 : Math.round(((counts.levels.unknown ?? 0) / extracted.length) * 1000) / 1000;
  console.log(
    JSON.stringify({
      commands: extracted.length,
      levels: filled.levels,
      unknownShare: share(filled),
      unknown: filled.unknown,
      asWritten: { levels: asWritten.levels, unknownShare: share(asWritten), unknown: asWritten.unknown },
    }),
  );
}

function timeOnce(cmd: string): number {
  const t0 = process.hrtime.bigint();
  scanCommand(cmd);
  return Number(process.hrtime.bigint() - t0) / 1000;
}

/** The bare parse the scanner starts from: same parser, same grammar, same input buffer size. */
const bareParser = new TreeSitter();
bareParser.setLanguage(Bash as unknown as TreeSitter.Language);
function parseOnce(cmd: string): number {
  const t0 = process.hrtime.bigint();
  bareParser.parse(cmd, null, { bufferSize: cmd.length + 1 });
  return Number(process.hrtime.bigint() - t0) / 1000;
}

/** CPU microseconds per command, each command scanned `repeat` times in a row (the clock's resolution is coarse). */
function cpuPerCommand(commands: readonly string[], repeat: number, work: (cmd: string) => unknown): number[] {
  return commands.map((cmd) => {
    const t0 = process.cpuUsage();
    for (let i = 0; i < repeat; i++) work(cmd);
    const used = process.cpuUsage(t0);
    return (used.user + used.system) / repeat;
  });
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

function benchCommands(): string[] {
  const fixtures = join(repoRoot, 'test/fixtures/commands');
  return [
    ...jsonlCommands(join(sharedRoot, 'corpora/sre-commands.jsonl')),
    ...readdirSync(fixtures)
      .filter((f) => f.endsWith('.jsonl'))
      .flatMap((f) => jsonlCommands(join(fixtures, f))),
    ...runbookCommands(),
  ];
}

function bench(rounds: number): void {
  const commands = benchCommands();
  // Warm-up: load the grammar and the SQL dialects and let the JIT settle.
  for (let i = 0; i < 3; i++) for (const cmd of commands) scanCommand(cmd);
  // First sight of every command: nothing cached (SQL results are cached per statement).
  clearSqlCache();
  const firstSeen = commands.map(timeOnce);
  const samples: number[] = [];
  const parseSamples: number[] = [];
  const started = performance.now();
  for (let r = 0; r < rounds; r++) for (const cmd of commands) samples.push(timeOnce(cmd));
  const elapsedMs = performance.now() - started;
  for (let r = 0; r < rounds; r++) for (const cmd of commands) parseSamples.push(parseOnce(cmd));
  const scan = summary(samples);
  const parse = summary(parseSamples);
  const medianOfRounds = (all: number[]): number[] =>
    commands.map((_, i) => {
      const times = Array.from({ length: rounds }, (_, r) => all[r * commands.length + i]!).sort((a, b) => a - b);
      return times[Math.floor(times.length / 2)]!;
    });
  console.log(
    JSON.stringify({
      commands: commands.length,
      rounds,
      samples: samples.length,
      ...scan,
      commandsPerSecond: Math.round(samples.length / (elapsedMs / 1000)),
      firstSeen: summary(firstSeen),
      parse,
      // Each command's median over the rounds, then percentiles over commands: what one command
      // costs, without the preemption spikes a busy shared host adds to single samples.
      perCommand: { scan: summary(medianOfRounds(samples)), parse: summary(medianOfRounds(parseSamples)) },
      rulesOverParse: Math.round((scan.p50Micros / parse.p50Micros) * 10) / 10,
      cpu: {
        scan: summary(cpuPerCommand(commands, 10, scanCommand)),
        parse: summary(
          cpuPerCommand(commands, 10, (cmd) => bareParser.parse(cmd, null, { bufferSize: cmd.length + 1 })),
        ),
      },
      loadAverage: Math.round(loadavg()[0]! * 100) / 100,
      node: process.version,
    }),
  );
}

interface HoldoutRow {
  cmd: string;
  level: string;
}

/**
 * The holdout sets (test/fixtures/commands/holdout-runbooks): commands written the way public
 * runbooks write them, labelled before the scanner saw them. Reports the share of read-only
 * commands called safe and every harmful one called safe (the goal: 0).
 */
function holdoutReport(): void {
  const dir = join(repoRoot, 'test/fixtures/commands/holdout-runbooks');
  const sets = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  const report = sets.map((file) => {
    const rows = readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as HoldoutRow);
    const verdicts = rows.map((r) => ({ ...r, got: scanCommand(r.cmd).level }));
    const reads = verdicts.filter((v) => v.level === 'safe');
    const harmfulSafe = verdicts.filter((v) => v.level !== 'safe' && v.got === 'safe').map((v) => v.cmd);
    const readsNotSafe = reads.filter((v) => v.got !== 'safe').map((v) => `${v.got}: ${v.cmd}`);
    return {
      file,
      commands: rows.length,
      readOnly: reads.length,
      readOnlySafe: reads.length - readsNotSafe.length,
      readOnlySafeShare: Math.round(((reads.length - readsNotSafe.length) / reads.length) * 1000) / 1000,
      harmfulSafe,
      exact: verdicts.filter((v) => v.got === v.level).length,
      unknown: verdicts.filter((v) => v.got === 'unknown').length,
      readsNotSafe,
    };
  });
  console.log(JSON.stringify({ holdout: report }));
}

const args = process.argv.slice(2);
const roundsIndex = args.indexOf('--rounds');
const rounds = roundsIndex >= 0 ? Number(args[roundsIndex + 1]) : 20;
if (args.includes('--runbooks-real')) runbooksReport();
else if (args.includes('--holdout')) holdoutReport();
else bench(rounds);
