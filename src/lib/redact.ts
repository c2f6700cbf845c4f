/**
 * Secret redaction for everything that leaves the product's control: command output before
 * it leaves the executor (Slack, audit, logs, the LLM), and commands typed or edited by
 * people before they are shown, audited or sent to the LLM (`redactCommand`).
 *
 * Works line by line: every rule is a precompiled regex with bounded quantifiers (no nested
 * unbounded repetition, so no catastrophic backtracking) behind a cheap `hint` pre-check, so
 * ordinary lines cost one scan. Multi-line secrets (PEM private keys, Kubernetes Secret
 * `data:` blocks) are tracked with a little state across lines. Key names stay visible so
 * the output remains readable: `password=[REDACTED]`, `"token": "[REDACTED]"`, and shapes
 * say what they were: `[REDACTED:github-token]`.
 *
 * The rules live beside this file: redact-tokens (vendor shapes), redact-context (URLs,
 * headers, flags, .netrc, key names), redact-entropy (random-looking long tokens),
 * redact-blocks (PEM and Kubernetes data). This is a best-effort net, not a guarantee;
 * docs/executor.md lists what it does not catch.
 */
import { inBlock, type LineState, newLineState, redactLine } from './redact-blocks.js';
import type { RedactMode } from './redact-keys.js';
import { mayHoldSecret } from './redact-rules.js';

export { isSecretKey, REDACTED, type RedactMode } from './redact-keys.js';

const LINE_BREAK = /\r\n|\r|\n/g;

function redactBlock(block: string, state: LineState): string {
  if (!inBlock(state) && !mayHoldSecret(block)) return block;
  let out = '';
  let start = 0;
  LINE_BREAK.lastIndex = 0;
  for (let m = LINE_BREAK.exec(block); m; m = LINE_BREAK.exec(block)) {
    const text = block.slice(start, m.index);
    const line = inBlock(state) || mayHoldSecret(text) ? redactLine(text, state) : text;
    if (line !== null) out += line + m[0];
    start = m.index + m[0].length;
  }
  if (start < block.length) out += redactLine(block.slice(start), state) ?? '';
  return out;
}

/** Index just after the last line terminator in `text`, or 0 when there is none. */
function endOfLastLine(text: string): number {
  const n = text.lastIndexOf('\n');
  const r = text.lastIndexOf('\r');
  return Math.max(n, r) + 1;
}

/** Where to cut an over-long line: the last whitespace in its second half, else the limit. */
function cutPoint(text: string, limit: number): number {
  for (let i = limit - 1; i >= limit / 2; i--) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) return i + 1;
  }
  return limit;
}

export interface StreamingRedactor {
  /** Feed raw text; returns the redacted text of every line completed so far. */
  push(chunk: string): string;
  /** Redact and return whatever partial line is held (end of stream). */
  flush(): string;
}

export interface StreamingRedactorOptions {
  /** A partial line longer than this is redacted and released without waiting for '\n'. */
  maxLineLength?: number;
  /** Default 'output'; see RedactMode. */
  mode?: RedactMode;
}

export const DEFAULT_MAX_LINE_LENGTH = 16 * 1024;

/**
 * Redacts a stream chunk by chunk. A secret split across chunks is still caught because
 * only complete lines are redacted; a partial line is held until its terminator, a flush,
 * or `maxLineLength` (then cut at whitespace where possible), which bounds memory.
 */
export function createStreamingRedactor(options: StreamingRedactorOptions = {}): StreamingRedactor {
  const maxLine = Math.max(64, options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH);
  const state: LineState = newLineState(options.mode ?? 'output');
  let pending = '';
  return {
    push(chunk) {
      if (chunk === '') return '';
      pending += chunk;
      let out = '';
      const complete = endOfLastLine(pending);
      if (complete > 0) {
        out += redactBlock(pending.slice(0, complete), state);
        pending = pending.slice(complete);
      }
      while (pending.length > maxLine) {
        const cut = cutPoint(pending, maxLine);
        out += redactLine(pending.slice(0, cut), state) ?? '';
        pending = pending.slice(cut);
      }
      return out;
    },
    flush() {
      const rest = pending;
      pending = '';
      return rest === '' ? '' : (redactLine(rest, state) ?? '');
    },
  };
}

/** Redact a whole text at once (same rules and multi-line handling as the stream). */
export function redactSecrets(text: string): string {
  const r = createStreamingRedactor({ maxLineLength: Number.MAX_SAFE_INTEGER });
  return r.push(text) + r.flush();
}

/**
 * A command typed or edited by a person, made fit to show, audit or send to an LLM: bearer
 * and basic headers, `mysql -p…`, `--password=`/`--password …`, tokens in URLs and query
 * strings, `export TOKEN=…`, `curl -u user:pass`, and every token shape of the output rules.
 * Shell expansions (`$TOKEN`, `$(vault read …)`) stay visible: they are where a secret comes
 * from, not the secret. Callers keep the real command only to run it and to hash it
 * (approvals are bound to the sha256 of the real text).
 */
export function redactCommand(command: string): string {
  const r = createStreamingRedactor({ maxLineLength: Number.MAX_SAFE_INTEGER, mode: 'command' });
  return r.push(command) + r.flush();
}

/**
 * Every `text` field of a message or view (Block Kit), redacted as a command is: for what
 * is shown to people who may not see a runbook's secrets, such as a runbook preview that
 * prints its commands. Other fields (button values, ids) are left as they are.
 */
export function redactTextFields<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => redactTextFields(v)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    out[key] = key === 'text' && typeof field === 'string' ? redactCommand(field) : redactTextFields(field);
  }
  return out as T;
}
