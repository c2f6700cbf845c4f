import { createInterface } from 'node:readline';
import { formatVerdict } from './cli-format.js';
import { scanCommand } from './scanner/scan.js';
import type { Reason } from './types.js';

export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE = `usage:
  classify "<command>"          the verdict, its reasons and where they point
  classify --json "<command>"   the verdict as JSON
  classify --jsonl              JSON lines {"cmd": "..."} on stdin → {"cmd","level","reasons","micros"} on stdout
`;

/**
 * `runbook-copilot classify`: the scanner only. No database, Redis, network or environment
 * variables are needed, so it can evaluate command sets anywhere.
 */
export async function runClassifyCli(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (args[0] === '--jsonl') return classifyJsonLines(io);
  const json = args[0] === '--json';
  const command = (json ? args.slice(1) : args).join(' ');
  if (command.trim() === '') {
    io.stderr.write(USAGE);
    return 2;
  }
  const verdict = scanCommand(command);
  io.stdout.write(json ? `${JSON.stringify(verdict)}\n` : formatVerdict(command, verdict));
  return 0;
}

interface JsonlResult {
  cmd: string | null;
  level: string;
  reasons: Reason[];
  micros: number;
}

/** One output line per input line, in order, written as soon as each is classified. */
async function classifyJsonLines(io: CliIo): Promise<number> {
  warmUp();
  const lines = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    const ok = io.stdout.write(`${JSON.stringify(classifyLine(line))}\n`);
    if (!ok) await new Promise<void>((resolve) => io.stdout.once('drain', () => resolve()));
  }
  return 0;
}

/**
 * The first scans pay for loading the grammar, the SQL parser and the JIT; doing them
 * before the first input keeps `micros` a measure of classification, not of start-up.
 */
const WARM_UP = [
  'kubectl get pods -n x',
  'psql -c "select 1"',
  'rm -rf /tmp/x | tee /dev/null',
  'bash -c "echo $(date)"',
];
function warmUp(): void {
  for (let i = 0; i < 20; i++) for (const cmd of WARM_UP) scanCommand(cmd);
}

function classifyLine(line: string): JsonlResult {
  let cmd: unknown;
  try {
    cmd = (JSON.parse(line) as { cmd?: unknown } | null)?.cmd;
  } catch {
    return badLine(null, line, 'The line is not valid JSON.');
  }
  if (typeof cmd !== 'string') return badLine(null, line, 'The line has no string "cmd" field.');
  const started = process.hrtime.bigint();
  let verdict: ReturnType<typeof scanCommand>;
  try {
    verdict = scanCommand(cmd);
  } catch {
    // Fail closed and keep the stream going: one input the scanner cannot handle must not end it.
    return badLine(cmd, line, 'The scanner failed on this command, so it is treated as unknown.', 'scanner.error');
  }
  const micros = Number(process.hrtime.bigint() - started) / 1000;
  return { cmd, level: verdict.level, reasons: verdict.reasons, micros: Math.round(micros * 10) / 10 };
}

function badLine(cmd: string | null, line: string, message: string, ruleId = 'input.bad-line'): JsonlResult {
  return {
    cmd,
    level: 'unknown',
    reasons: [
      {
        ruleId,
        level: 'unknown',
        message,
        segment: line.slice(0, 200),
        span: { start: 0, end: 0 },
        target: null,
      },
    ],
    micros: 0,
  };
}
