import { isRedacted, type RedactMode, tag } from './redact-keys.js';
import { applyLineRules } from './redact-rules.js';

/**
 * Secrets that span lines: PEM private keys (BEGIN … END) and the values of a Kubernetes
 * Secret's `data:` / `stringData:` block, in YAML and in pretty or compact JSON. A little
 * state carries from one line to the next; everything else goes through the line rules.
 */

const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/;
const PEM_END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/;
/** Certificates and public keys: public, and as random-looking as a secret. Left as they are. */
const PUBLIC_PEM_BEGIN =
  /-----BEGIN (?:[A-Z0-9 ]{0,20}CERTIFICATE(?: REQUEST)?|[A-Z0-9 ]{0,20}PUBLIC KEY|X509 CRL|PKCS7)-----/;
const PUBLIC_PEM_END = /-----END [A-Z0-9 ]{0,40}-----/;
/** What may appear inside a PEM body: base64 lines, `Proc-Type:`-style headers, blanks. */
const PEM_BODY = /^\s{0,64}(?:[A-Za-z0-9+/=]{1,256}|[A-Za-z-]{1,40}: .{0,256})?\s{0,8}$/;

const YAML_DATA_START = /^(\s*)(?:-\s+)?(data|stringData):\s*$/;
const YAML_ENTRY = /^(\s*)(["']?[^\s:"']{1,253}["']?):([ \t]*)(.*)$/;
const JSON_DATA_START = /^\s*"(data|stringData)"\s*:\s*\{\s*$/;
const JSON_ENTRY = /^(\s*"[^"]{1,253}"\s*:\s*)("(?:[^"\\]|\\.){0,65536}")(.*)$/;
const JSON_DATA_INLINE = /("(?:data|stringData)"\s*:\s*\{)([^{}]{0,65536})\}/g;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

type DataKind = 'data' | 'stringData';

export interface LineState {
  /** Output of a command, or a command a person wrote (see RedactMode). */
  mode: RedactMode;
  /** Inside a PEM block: null when not; otherwise whether the placeholder line was emitted. */
  pem: { placeholderEmitted: boolean } | null;
  /** Inside a certificate or public key block. */
  publicPem: boolean;
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
    return block.kind === 'stringData' ? `${line.slice(0, indent)}${k8sTag}` : applyRules(line, state.mode);
  }
  block.blockScalarIndent = null;
  block.entryIndent ??= indent;
  const m = YAML_ENTRY.exec(line);
  if (!m) return applyRules(line, state.mode);
  const [, lead = '', key = '', space = '', value = ''] = m;
  if (/^[|>][-+0-9]*\s*$/.test(value)) {
    block.blockScalarIndent = indent;
    return line;
  }
  return hideDataValue(block.kind, value) ? `${lead}${key}:${space || ' '}${k8sTag}` : applyRules(line, state.mode);
}

function jsonDataLine(line: string, state: LineState): string {
  const kind = state.jsonData!;
  if (/^\s*\}/.test(line)) {
    state.jsonData = null;
    return applyRules(line, state.mode);
  }
  const m = JSON_ENTRY.exec(line);
  if (!m) return applyRules(line, state.mode);
  const [, head = '', value = '', rest = ''] = m;
  return hideDataValue(kind, value) ? `${head}"${k8sTag}"${rest}` : applyRules(line, state.mode);
}

/** A line inside a certificate: kept as is; undefined once the block is over. */
function publicPemLine(line: string, state: LineState): string | undefined {
  if (PUBLIC_PEM_END.test(line)) {
    state.publicPem = false;
    return line;
  }
  if (PEM_BODY.test(line)) return line;
  state.publicPem = false;
  return undefined;
}

/** A line inside a private key: one placeholder for the whole body, null for the rest. */
function privatePemLine(line: string, state: LineState): string | null | undefined {
  const pem = state.pem!;
  const end = PEM_END.exec(line);
  if (end) {
    state.pem = null;
    return redactLine(line.slice(end.index), state);
  }
  if (PEM_BODY.test(line)) {
    if (pem.placeholderEmitted) return null;
    pem.placeholderEmitted = true;
    return `${line.slice(0, indentOf(line))}${tag('private-key')}`;
  }
  state.pem = null; // not key material after all (a grep hit, a truncated key): resume
  return undefined;
}

function pemBeginLine(line: string, begin: RegExpExecArray, state: LineState): string {
  const before = applyRules(line.slice(0, begin.index), state.mode);
  const after = line.slice(begin.index + begin[0].length);
  const end = PEM_END.exec(after);
  if (end) {
    const rest = redactLine(after.slice(end.index), state) ?? '';
    return `${before}${begin[0]}${tag('private-key')}${rest}`;
  }
  state.pem = { placeholderEmitted: after.trim() !== '' };
  return `${before}${begin[0]}${after.trim() === '' ? '' : tag('private-key')}`;
}

/**
 * Redact one line (without its terminator). Returns null when the line is swallowed whole
 * (the body of a PEM key after its placeholder), so the caller also drops the terminator.
 */
export function redactLine(line: string, state: LineState): string | null {
  if (state.publicPem) {
    const kept = publicPemLine(line, state);
    if (kept !== undefined) return kept;
  }
  if (state.pem) {
    const body = privatePemLine(line, state);
    if (body !== undefined) return body;
  }
  const begin = PEM_BEGIN.exec(line);
  if (begin) return pemBeginLine(line, begin, state);
  if (PUBLIC_PEM_BEGIN.test(line)) {
    state.publicPem = /-----\s*$/.test(line); // a block follows only when the marker ends the line
    return applyRules(line, state.mode);
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
  return applyRules(line, state.mode);
}

export const newLineState = (mode: RedactMode): LineState => ({
  mode,
  pem: null,
  publicPem: false,
  yamlData: null,
  jsonData: null,
});

/** True while a multi-line block is open: the next lines must be looked at whatever they hold. */
export const inBlock = (state: LineState): boolean =>
  Boolean(state.pem || state.publicPem || state.yamlData || state.jsonData);

/** The line rules, then Secret `data:` in compact JSON on the same line. */
function applyRules(line: string, mode: RedactMode): string {
  let out = applyLineRules(line, mode);
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
