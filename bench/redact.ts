/**
 * bench:redact — how long output redaction takes for 1 MB of command output, whole-text
 * (redactSecrets) and streamed in 64 KiB reads as the executor does (createStreamingRedactor).
 *
 * Inputs, each 1 MiB:
 * - ordinary: log lines with no secret and no keyword (most output);
 * - keywordDense: every line has secret-ish words, URLs, JWT-like text, `data:`;
 * - credentials: the 100+ fake credential formats of the test set, repeated;
 * - base64: random-looking base64 lines (the entropy check runs on every token);
 * - longLine: one line of 1 MiB with no newline (the streaming cut).
 *
 * Prints one JSON object: median milliseconds of 5 runs per input and mode, and the worst.
 */
import { createStreamingRedactor, redactSecrets } from '../src/lib/redact.js';
import { CREDENTIAL_CASES } from '../test/unit/lib/fixtures/fake-credentials.js';

const MIB = 1024 * 1024;
const RUNS = 5;

function fill(unit: string): string {
  return unit.repeat(Math.ceil(MIB / unit.length)).slice(0, MIB);
}

function base64Lines(): string {
  let s = '';
  let seed = 7;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  while (s.length < MIB) {
    let line = '';
    for (let i = 0; i < 76; i++) line += alphabet[next() % 64];
    s += `${line}\n`;
  }
  return s.slice(0, MIB);
}

const INPUTS: Record<string, string> = {
  ordinary: fill('2031-01-01T03:12:44Z INFO request handled in 12ms path=/api/v1/orders status=200 bytes=5123\n'),
  keywordDense: fill('password=abc token: xyz api_key=val https://u:p@h/ eyJa.eyJb.c data: Authorization: Bearer x\n'),
  credentials: fill(`${CREDENTIAL_CASES.map((c) => c.text).join('\n')}\n`),
  base64: base64Lines(),
  longLine: fill(`${'x'.repeat(999)} `),
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10;
}

function time(fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

function streamed(text: string): void {
  const r = createStreamingRedactor();
  for (let i = 0; i < text.length; i += 64 * 1024) r.push(text.slice(i, i + 64 * 1024));
  r.flush();
}

const wholeMs: Record<string, number> = {};
const streamedMs: Record<string, number> = {};
for (const [name, text] of Object.entries(INPUTS)) {
  wholeMs[name] = time(() => redactSecrets(text));
  streamedMs[name] = time(() => streamed(text));
}
const worstMs = Math.max(...Object.values(wholeMs), ...Object.values(streamedMs));
console.log(JSON.stringify({ bytes: MIB, runs: RUNS, wholeMs, streamedMs, worstMs }));
