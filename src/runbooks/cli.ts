import { promises as fs } from 'node:fs';
import path from 'node:path';
import { errorMessage, isDomainError } from '../lib/errors.js';
import { displayVariable } from './compile/ambiguities.js';
import { compileRunbook } from './compile/deterministic.js';
import { attachLevels } from './levels.js';
import { type PreviewModel, renderPreviewText, riskCountsLine, toPreviewModel } from './preview.js';
import { type ClassifyCommand, type LeveledRunbook, SOURCE_FORMATS, type SourceFormat } from './types.js';

/**
 * `parse <file> [--json]` and `lint <folder>`: compile runbooks from the command line. No
 * database, network or environment: the classifier is the in-process scanner.
 */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface RunbookCliDeps {
  /** Defaults to the classifier's scanner; tests inject their own. */
  classify?: ClassifyCommand;
}

export const RUNBOOK_EXTENSIONS = ['.md', '.markdown', '.html', '.htm', '.txt'] as const;
/** Files in a runbook folder that are not runbooks. */
const NOT_RUNBOOKS =
  /^(?:readme|changelog|license|licence|notice|source|authors|contributing|code_of_conduct)(?:\.[a-z]+)?$/i;

const PARSE_USAGE = `Usage: parse <file|-> [--json] [--format markdown|html|confluence|text]
  Compiles one runbook (${RUNBOOK_EXTENSIONS.join(', ')}; "-" reads stdin) and prints its steps.
  --json   one JSON object: title, steps [{ title, command, runCommand, runMode, context, level, … }], variables,
           prerequisites, branches, groups, contexts, dropped, ambiguities
`;
const LINT_USAGE = `Usage: lint <folder>
  Compiles every runbook under the folder (${RUNBOOK_EXTENSIONS.join(', ')}; README, LICENSE, NOTICE, SOURCE, CHANGELOG and _-prefixed files are skipped),
  prints per file: steps, risk counts, the unknown share, commands not made into steps (each with the reason),
  execution contexts, branches, variables and questions; exits 1 if any file fails.
`;

export async function runParseCli(args: string[], io: CliIo, deps: RunbookCliDeps = {}): Promise<number> {
  let json = false;
  let format: SourceFormat | undefined;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') {
      io.stdout.write(PARSE_USAGE);
      return 0;
    } else if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice('--format='.length) : args[++i];
      if (!SOURCE_FORMATS.includes(value as SourceFormat))
        return usage(io, PARSE_USAGE, `unknown format "${value ?? ''}"`);
      format = value as SourceFormat;
    } else if (arg.startsWith('-') && arg !== '-') return usage(io, PARSE_USAGE, `unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 1)
    return usage(io, PARSE_USAGE, positional.length === 0 ? 'no file given' : 'give one file');
  const file = positional[0]!;
  if (file !== '-' && !hasRunbookExtension(file)) {
    return usage(io, PARSE_USAGE, `${file}: not a runbook file (expected ${RUNBOOK_EXTENSIONS.join(', ')})`);
  }

  let text: string;
  try {
    text = file === '-' ? await readStream(io.stdin) : await fs.readFile(file, 'utf8');
  } catch (err) {
    return fail(io, json, file, 'unreadable', `cannot read ${file}: ${errorMessage(err)}`);
  }
  let runbook: LeveledRunbook;
  try {
    const options = { ...(file === '-' ? {} : { fileName: file }), ...(format ? { format } : {}) };
    runbook = attachLevels(compileRunbook(text, options), deps.classify ?? (await scannerClassify()));
  } catch (err) {
    if (!isDomainError(err)) throw err;
    return fail(io, json, file, err.code, err.message);
  }
  io.stdout.write(json ? `${JSON.stringify(runbook)}\n` : renderPreviewText(runbook));
  return 0;
}

export async function runLintCli(args: string[], io: CliIo, deps: RunbookCliDeps = {}): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(LINT_USAGE);
    return 0;
  }
  const unknown = args.find((a) => a.startsWith('-'));
  if (unknown) return usage(io, LINT_USAGE, `unknown option ${unknown}`);
  if (args.length !== 1) return usage(io, LINT_USAGE, args.length === 0 ? 'no folder given' : 'give one folder');
  const folder = args[0]!;
  let files: string[];
  try {
    files = await findRunbookFiles(folder);
  } catch (err) {
    io.stderr.write(`lint: cannot read folder ${folder}: ${errorMessage(err)}\n`);
    return 2;
  }
  if (files.length === 0) {
    io.stderr.write(`lint: no runbook files (${RUNBOOK_EXTENSIONS.join(', ')}) under ${folder}\n`);
    return 1;
  }

  const classify = deps.classify ?? (await scannerClassify());
  const totals = newTotals();
  for (const file of files) await lintFile(file, classify, io, totals);
  io.stdout.write(
    `\n${files.length} files: ${totals.ok} ok, ${totals.failed} with errors · ${totals.steps} steps, ${totals.commands} commands · ` +
      `${riskCountsLine(totals.risk)} · unknown ${share(totals.risk)} · dropped ${totals.dropped}${totals.dropped ? ' (each explained)' : ''} · ` +
      `contexts ${totals.contexts} · branches ${totals.branches} · ${totals.questions} questions\n`,
  );
  return totals.failed > 0 ? 1 : 0;
}

type LintTotals = ReturnType<typeof newTotals>;

function newTotals() {
  return {
    ok: 0,
    failed: 0,
    steps: 0,
    commands: 0,
    questions: 0,
    dropped: 0,
    contexts: 0,
    branches: 0,
    risk: { safe: 0, caution: 0, dangerous: 0, unknown: 0, none: 0 },
  };
}

/** One file: its summary line, its steps, dropped commands, branches and questions, added to the totals. */
async function lintFile(file: string, classify: ClassifyCommand, io: CliIo, totals: LintTotals): Promise<void> {
  const shown = path.relative(process.cwd(), file) || file;
  let runbook: LeveledRunbook;
  try {
    runbook = attachLevels(compileRunbook(await fs.readFile(file, 'utf8'), { fileName: file }), classify);
  } catch (err) {
    totals.failed += 1;
    const reason = isDomainError(err) ? `${err.code}: ${err.message}` : `unreadable: ${errorMessage(err)}`;
    io.stdout.write(`✖ ${shown} — ${reason}\n`);
    return;
  }
  totals.ok += 1;
  const model = toPreviewModel(runbook);
  const commands = runbook.steps.filter((s) => s.command).length;
  totals.steps += runbook.steps.length;
  totals.commands += commands;
  totals.questions += runbook.ambiguities.length;
  totals.dropped += runbook.dropped.length;
  totals.contexts += runbook.contexts.length;
  totals.branches += runbook.branches.length;
  for (const key of Object.keys(totals.risk) as Array<keyof typeof totals.risk>) {
    totals.risk[key] += model.riskCounts[key];
  }
  io.stdout.write(`✔ ${shown} — ${fileSummary(runbook, model, commands)}\n`);
  writeFileDetails(io, runbook, model);
}

function fileSummary(runbook: LeveledRunbook, model: PreviewModel, commands: number): string {
  const variables = runbook.variables.filter((v) => v.usedInSteps.length > 0).map(displayVariable);
  return (
    `${runbook.steps.length} steps (${commands} commands) · ${riskCountsLine(model.riskCounts)} · unknown ${share(model.riskCounts)} · ` +
    `dropped ${runbook.dropped.length} · contexts ${runbook.contexts.length} · branches ${runbook.branches.length} · ` +
    `variables: ${variables.length ? variables.join(', ') : 'none'} · ${runbook.ambiguities.length} questions`
  );
}

function writeFileDetails(io: CliIo, runbook: LeveledRunbook, model: PreviewModel): void {
  for (const step of model.steps) {
    const where =
      step.runMode === 'wrapped' ? '  [wrapped]' : step.runMode === 'manual' && step.command ? '  [by hand]' : '';
    io.stdout.write(
      `    ${step.badge ?? '· '} ${step.number}. ${step.title}${step.command ? `  $ ${firstLine(step.command)}` : ''}${where}\n`,
    );
  }
  for (const d of model.dropped)
    io.stdout.write(`    ⚠ dropped \`${firstLine(d.text)}\` (after ${d.after}): ${d.message}\n`);
  for (const b of model.branches) {
    io.stdout.write(`    ◇ after ${b.after}: ${b.question} ${b.options.map((o) => `[${o.label}]`).join(' ')}\n`);
  }
  for (const a of runbook.ambiguities) {
    const where = a.stepId ? `step ${runbook.steps.find((s) => s.id === a.stepId)?.order ?? a.stepId}` : 'runbook';
    io.stdout.write(`    ? ${where}: ${a.question}\n`);
  }
}

/** Unknown commands as a share of the steps that have a level. */
function share(counts: PreviewModel['riskCounts']): string {
  const leveled = counts.safe + counts.caution + counts.dangerous + counts.unknown;
  return leveled === 0 ? '0%' : `${Math.round((counts.unknown / leveled) * 1000) / 10}%`;
}

/** Every runbook file under the folder, sorted, so output is stable. */
export async function findRunbookFiles(folder: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (
        entry.isFile() &&
        hasRunbookExtension(entry.name) &&
        !entry.name.startsWith('_') &&
        !NOT_RUNBOOKS.test(entry.name)
      ) {
        out.push(full);
      }
    }
  };
  await walk(folder);
  return out.sort();
}

/**
 * The classifier's scanner, loaded on first use: the compiler itself never depends on the
 * classifier, and tests inject their own function.
 */
async function scannerClassify(): Promise<ClassifyCommand> {
  const { scanCommand } = await import('../classifier/index.js');
  return (command) => scanCommand(command);
}

function hasRunbookExtension(file: string): boolean {
  const lower = file.toLowerCase();
  return RUNBOOK_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

function usage(io: CliIo, text: string, problem: string): number {
  io.stderr.write(`${problem}\n\n${text}`);
  return 2;
}

/** With --json the error is one JSON object too, so a caller always gets JSON on stdout. */
function fail(io: CliIo, json: boolean, file: string, code: string, message: string): number {
  if (json) io.stdout.write(`${JSON.stringify({ error: { code, message, file } })}\n`);
  io.stderr.write(`${file}: ${code}: ${message}\n`);
  return 1;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function firstLine(command: string): string {
  const line = command.split('\n')[0] ?? '';
  return command.includes('\n') ? `${line} …` : line;
}
