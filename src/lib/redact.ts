/**
 * Secret redaction for command output before it leaves the executor (Slack, audit, logs).
 *
 * Works line by line: every rule is a precompiled regex with bounded quantifiers (no nested
 * unbounded repetition, so no catastrophic backtracking) behind a cheap `hint` pre-check, so
 * ordinary lines cost one scan. Multi-line secrets (PEM private keys, Kubernetes Secret
 * `data:` blocks) are tracked with a little state across lines. Key names stay visible so
 * the output remains readable: `password=[REDACTED]`, `"token": "[REDACTED]"`.
 *
 * This is a best-effort net, not a guarantee; docs/executor.md lists what it does not catch.
 */

export const REDACTED = '[REDACTED]';
const tag = (kind: string): string => `[REDACTED:${kind}]`;

interface LineRule {
  kind: string;
  /** The rule can only match a line this matches; lets most lines skip the real regex. */
  hint: RegExp;
  apply(line: string): string;
}

const isRedacted = (value: string): boolean => value.includes('[REDACTED');

/** Words whose presence in a key name marks its value as secret. */
const SECRET_KEY_WORD =
  /passw(?:or)?d|passphrase|secret|token|api[_.-]?key|access[_.-]?key|private[_.-]?key|client[_.-]?key|signing[_.-]?key|auth[_.-]?key|credential|accountkey|connection[_.-]?string|^pass$|[_.-]pass$|^pass[_.-]|^pwd[_.-]|[_.-]pwd$|^sig$|signature$|dsn$/;
/** Keys that contain a secret word but name something that is not itself a secret. */
const NOT_SECRET_KEY_SUFFIX =
  /(?:name|names|ref|file|path|dir|type|count|size|ttl|length|expiry|expires|expiresat|expiration|enabled|required|tokens|id|ids|arn|version|mode|policy|provider)$/;
/** Values that are placeholders, not secrets; hiding them only hurts readability. */
const PLACEHOLDER_VALUE = /^(?:|null|nil|none|<none>|true|false|~|\*+|<redacted>|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)$/i;

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase();
  if (!SECRET_KEY_WORD.test(k)) return false;
  return !NOT_SECRET_KEY_SUFFIX.test(k.replace(/[_.-]/g, ''));
}

function shouldHide(key: string, value: string): boolean {
  const bare = value.replace(/^["']|["']$/g, '');
  return isSecretKey(key) && !PLACEHOLDER_VALUE.test(bare) && !isRedacted(value);
}

/** Replace a value, keeping the quotes it came with. */
function hideValue(value: string): string {
  const q = value[0];
  if (q !== '"' && q !== "'") return REDACTED;
  // an unterminated quote (value cut by the line end) keeps only its opening quote
  return value.length >= 2 && value.endsWith(q) ? `${q}${REDACTED}${q}` : `${q}${REDACTED}`;
}

const SECRET_HINT = /pass|pwd|secret|token|key|credential|sig|dsn/i;

const RULES: LineRule[] = [
  {
    // scheme://user:pass@host → scheme://user:[REDACTED]@host (database, Redis, AMQP, git URLs …)
    kind: 'url-password',
    hint: /:\/\//,
    apply: (line) =>
      line.replace(
        /\b([a-z][a-z0-9+.-]{0,30}:\/\/)([^\s:/?#@'"]{0,256}):([^\s/'"]{1,256})@/gi,
        (m, scheme: string, user: string, pass: string) => (isRedacted(pass) ? m : `${scheme}${user}:${REDACTED}@`),
      ),
  },
  {
    kind: 'slack-webhook',
    hint: /hooks\.slack\.com/i,
    apply: (line) =>
      line.replace(
        /(https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/)[A-Za-z0-9/_-]{8,300}/g,
        `$1${tag('slack-webhook')}`,
      ),
  },
  {
    // Authorization: Bearer abc / Proxy-Authorization: Basic abc / "authorization": "token abc"
    kind: 'auth-header',
    hint: /authorization/i,
    apply: (line) =>
      line.replace(
        /\b((?:proxy-)?authorization["']?\s{0,5}[:=]\s{0,5}["']?)(?:(bearer|basic|digest|token|negotiate|apikey)\s{1,5})?([^\s"',]{1,4096})/gi,
        (m, head: string, scheme: string | undefined, value: string) =>
          isRedacted(value) ? m : `${head}${scheme ? `${scheme} ` : ''}${REDACTED}`,
      ),
  },
  {
    // A bearer token anywhere (curl -v traces, logged headers), once the header rule ran.
    kind: 'bearer',
    hint: /bearer/i,
    apply: (line) => line.replace(/\b(bearer)\s{1,5}[A-Za-z0-9._~+/-]{16,4096}=*/gi, `$1 ${REDACTED}`),
  },
  {
    // curl -u user:pass / --user user:pass (only on curl/--user lines: -u means other things elsewhere)
    kind: 'curl-user',
    hint: /curl|--user/,
    apply: (line) =>
      line.replace(
        /((?:\s-u\s{0,5}|--user[\s=]{1,5})["']?[^\s:"']{1,256}:)([^\s"']{1,256})/g,
        (m, head: string, pass: string) => (isRedacted(pass) ? m : `${head}${REDACTED}`),
      ),
  },
  {
    kind: 'aws-access-key-id',
    hint: /AKIA|ASIA/,
    apply: (line) => line.replace(/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, tag('aws-key-id')),
  },
  {
    kind: 'aws-secret',
    hint: /secret/i,
    apply: (line) =>
      line.replace(
        /\b((?:aws_secret_access_key|aws-secret-access-key|secretaccesskey)["']?\s{0,5}[:=]\s{0,5}["']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi,
        `$1${tag('aws-secret')}`,
      ),
  },
  {
    // xoxb-/xoxp-/xoxa-/xoxo-/xoxs-/xoxr-/xoxe- tokens and xapp- app-level tokens
    kind: 'slack-token',
    hint: /xox|xapp/,
    apply: (line) => line.replace(/\b(?:xox[abposre](?:\.xox[a-z])?|xapp)-[A-Za-z0-9-]{8,255}/g, tag('slack-token')),
  },
  {
    kind: 'github-token',
    hint: /gh[pousr]_|github_pat_/,
    apply: (line) =>
      line.replace(/\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{20,255})\b/g, tag('github-token')),
  },
  {
    // OpenAI-style sk-… (also sk-proj-…, sk-ant-…) and Stripe-style sk_live_/rk_test_ keys
    kind: 'api-key',
    hint: /sk-|k_live_|k_test_/,
    apply: (line) =>
      line.replace(/\b(?:sk-[A-Za-z0-9_-]{20,400}|[rs]k_(?:live|test)_[A-Za-z0-9]{16,255})/g, tag('api-key')),
  },
  {
    kind: 'google-api-key',
    hint: /AIza/,
    apply: (line) => line.replace(/\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, tag('google-api-key')),
  },
  {
    // header.payload.signature, base64url; the classes exclude '.', so matching is linear
    kind: 'jwt',
    hint: /eyJ/,
    apply: (line) =>
      line.replace(/\beyJ[A-Za-z0-9_-]{2,8192}\.[A-Za-z0-9_-]{2,16384}\.[A-Za-z0-9_-]{0,8192}/g, tag('jwt')),
  },
  {
    // A secret-named key at the start of a line (env files, YAML, INI): hide the value up to
    // the end of the line, since unquoted YAML/.env values may contain spaces.
    kind: 'assignment-line',
    hint: SECRET_HINT,
    apply: (line) =>
      line.replace(
        /^(\s{0,64}(?:-\s{1,8}|export\s{1,8})?(["']?)([A-Za-z_][A-Za-z0-9_.-]{0,80})\2\s{0,5}[:=][ \t]{0,40})([^\s"'|>{[&*!#].{0,8191})$/,
        (m, head: string, _q: string, key: string, value: string) =>
          shouldHide(key, value.trimEnd()) ? `${head}${REDACTED}${value.slice(value.trimEnd().length)}` : m,
      ),
  },
  {
    // key=value, key: "value", "key": "value", ?key=value&… anywhere in a line.
    kind: 'assignment',
    hint: SECRET_HINT,
    apply: (line) =>
      line.replace(
        /(?<![A-Za-z0-9_.-])(["']?)([A-Za-z_][A-Za-z0-9_.-]{0,80})\1(\s{0,5}[:=]\s{0,5})("(?:[^"\\]|\\.){0,4096}"|'[^']{0,4096}'|[^\s"',;&{}[\]]{1,4096}|["'][^\s"']{1,4096})/g,
        (m, q: string, key: string, sep: string, value: string) =>
          shouldHide(key, value) ? `${q}${key}${q}${sep}${hideValue(value)}` : m,
      ),
  },
];

// ---- multi-line state: PEM private keys and Kubernetes Secret data blocks -------------

const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/;
const PEM_END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/;
/** What may appear inside a PEM body: base64 lines, `Proc-Type:`-style headers, blanks. */
const PEM_BODY = /^\s{0,64}(?:[A-Za-z0-9+/=]{1,256}|[A-Za-z-]{1,40}: .{0,256})?\s{0,8}$/;

const YAML_DATA_START = /^(\s*)(?:-\s+)?(data|stringData):\s*$/;
const YAML_ENTRY = /^(\s*)(["']?[^\s:"']{1,253}["']?):([ \t]*)(.*)$/;
const JSON_DATA_START = /^\s*"(data|stringData)"\s*:\s*\{\s*$/;
const JSON_ENTRY = /^(\s*"[^"]{1,253}"\s*:\s*)("(?:[^"\\]|\\.){0,65536}")(.*)$/;
const JSON_DATA_INLINE = /("(?:data|stringData)"\s*:\s*\{)([^{}]{0,65536})\}/g;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

type DataKind = 'data' | 'stringData';

interface LineState {
  /** Inside a PEM block: null when not; otherwise whether the placeholder line was emitted. */
  pem: { placeholderEmitted: boolean } | null;
  yamlData: { kind: DataKind; indent: number; entryIndent: number | null; blockScalarIndent: number | null } | null;
  jsonData: DataKind | null;
}

const k8sTag = tag('k8s-secret');

/** Secret `data:` values are base64; ConfigMap `data:` values mostly are not, so keep those. */
function hideDataValue(kind: DataKind, rawValue: string): boolean {
  const bare = rawValue.trim().replace(/^["']|["']$/g, '');
  if (bare === '' || isRedacted(bare)) return false;
  if (kind === 'stringData') return true;
  return bare.length >= 4 && bare.length % 4 === 0 && BASE64.test(bare);
}

const indentOf = (line: string): number => line.length - line.trimStart().length;

/** Redacts one YAML line inside a data block, or returns undefined when the block ended. */
function yamlDataLine(line: string, state: LineState): string | undefined {
  const block = state.yamlData!;
  if (line.trim() === '') return line;
  const indent = indentOf(line);
  if (indent <= block.indent) {
    state.yamlData = null;
    return undefined;
  }
  if (block.blockScalarIndent !== null && indent > block.blockScalarIndent) {
    // continuation of `key: |` — stringData holds plaintext secrets; data: does not.
    return block.kind === 'stringData' ? `${line.slice(0, indent)}${k8sTag}` : applyRules(line);
  }
  block.blockScalarIndent = null;
  block.entryIndent ??= indent;
  const m = YAML_ENTRY.exec(line);
  if (!m) return applyRules(line);
  const [, lead = '', key = '', space = '', value = ''] = m;
  if (/^[|>][-+0-9]*\s*$/.test(value)) {
    block.blockScalarIndent = indent;
    return line;
  }
  return hideDataValue(block.kind, value) ? `${lead}${key}:${space || ' '}${k8sTag}` : applyRules(line);
}

function jsonDataLine(line: string, state: LineState): string {
  const kind = state.jsonData!;
  if (/^\s*\}/.test(line)) {
    state.jsonData = null;
    return applyRules(line);
  }
  const m = JSON_ENTRY.exec(line);
  if (!m) return applyRules(line);
  const [, head = '', value = '', rest = ''] = m;
  return hideDataValue(kind, value) ? `${head}"${k8sTag}"${rest}` : applyRules(line);
}

function applyRules(line: string): string {
  let out = line;
  for (const rule of RULES) {
    if (rule.hint.test(out)) out = rule.apply(out);
  }
  if (out.includes('"data') || out.includes('"stringData')) {
    // compact JSON of a Secret (kubectl -o json | jq -c, last-applied-configuration)
    out = out.replace(JSON_DATA_INLINE, (_m, head: string, body: string) => {
      const kind: DataKind = head.includes('stringData') ? 'stringData' : 'data';
      const hidden = body.replace(/("[^"]{1,253}"\s*:\s*)("(?:[^"\\]|\\.){0,65536}")/g, (e, k: string, v: string) =>
        hideDataValue(kind, v) ? `${k}"${k8sTag}"` : e,
      );
      return `${head}${hidden}}`;
    });
  }
  return out;
}

/**
 * Redact one line (without its terminator). Returns null when the line is swallowed whole
 * (the body of a PEM key after its placeholder), so the caller also drops the terminator.
 */
function redactLine(line: string, state: LineState): string | null {
  if (state.pem) {
    const end = PEM_END.exec(line);
    if (end) {
      state.pem = null;
      return redactLine(line.slice(end.index), state);
    }
    if (PEM_BODY.test(line)) {
      if (state.pem.placeholderEmitted) return null;
      state.pem.placeholderEmitted = true;
      return `${line.slice(0, indentOf(line))}${tag('private-key')}`;
    }
    state.pem = null; // not key material after all (a grep hit, a truncated key): resume
  }
  const begin = PEM_BEGIN.exec(line);
  if (begin) {
    const before = applyRules(line.slice(0, begin.index));
    const after = line.slice(begin.index + begin[0].length);
    const end = PEM_END.exec(after);
    if (end) {
      const rest = redactLine(after.slice(end.index), state) ?? '';
      return `${before}${begin[0]}${tag('private-key')}${rest}`;
    }
    state.pem = { placeholderEmitted: after.trim() !== '' };
    return `${before}${begin[0]}${after.trim() === '' ? '' : tag('private-key')}`;
  }
  if (state.yamlData) {
    const out = yamlDataLine(line, state);
    if (out !== undefined) return out;
  }
  if (state.jsonData) return jsonDataLine(line, state);
  const yamlStart = YAML_DATA_START.exec(line);
  if (yamlStart) {
    state.yamlData = {
      kind: yamlStart[2] as DataKind,
      indent: indentOf(line),
      entryIndent: null,
      blockScalarIndent: null,
    };
    return line;
  }
  const jsonStart = JSON_DATA_START.exec(line);
  if (jsonStart) {
    state.jsonData = jsonStart[1] as DataKind;
    return line;
  }
  return applyRules(line);
}

/** Any rule hint or state trigger; a block of lines that misses it passes through untouched. */
const ANY_HINT = new RegExp([...RULES.map((r) => r.hint.source), 'PRIVATE KEY', 'data'].join('|'), 'i');

const LINE_BREAK = /\r\n|\r|\n/g;

function redactBlock(block: string, state: LineState): string {
  if (!state.pem && !state.yamlData && !state.jsonData && !ANY_HINT.test(block)) return block;
  let out = '';
  let start = 0;
  LINE_BREAK.lastIndex = 0;
  for (let m = LINE_BREAK.exec(block); m; m = LINE_BREAK.exec(block)) {
    const line = redactLine(block.slice(start, m.index), state);
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
}

export const DEFAULT_MAX_LINE_LENGTH = 16 * 1024;

/**
 * Redacts a stream chunk by chunk. A secret split across chunks is still caught because
 * only complete lines are redacted; a partial line is held until its terminator, a flush,
 * or `maxLineLength` (then cut at whitespace where possible), which bounds memory.
 */
export function createStreamingRedactor(options: StreamingRedactorOptions = {}): StreamingRedactor {
  const maxLine = Math.max(64, options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH);
  const state: LineState = { pem: null, yamlData: null, jsonData: null };
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
