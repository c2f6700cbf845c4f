import { redactSecrets } from '../lib/redact.js';

/**
 * Text from outside the product (alert titles and payloads, runbook text, command output,
 * earlier messages) reaches the model only as delimited, labelled data: redacted, its
 * angle brackets escaped so it cannot close the delimiter, and clipped.
 */
export function escapeData(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function untrustedBlock(source: string, text: string, maxChars = 4000): string {
  const clean = escapeData(redactSecrets(text));
  const clipped =
    clean.length > maxChars ? `${clean.slice(0, maxChars)}… [cut: ${clean.length - maxChars} more characters]` : clean;
  return `<data source="${escapeData(source)}" trust="untrusted">\n${clipped}\n</data>`;
}

/**
 * A tool's result as the model reads it: JSON, redacted, escaped and capped. The note
 * says what was cut so the model (and the answer) can say so.
 */
/** Every string inside a JSON-able value, redacted (before it is serialised, so patterns still match). */
export function redactDeep(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) return value.map(redactDeep);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)]));
  }
  return value;
}

export function toolResultBlock(
  evidenceId: string,
  tool: string,
  data: unknown,
  maxChars: number,
): { text: string; cut: number } {
  const json = escapeData(redactSecrets(JSON.stringify(redactDeep(data))));
  const cut = Math.max(0, json.length - maxChars);
  const body = cut ? `${json.slice(0, maxChars)}\n[note: ${cut} characters of this result were cut to fit]` : json;
  return { text: `<tool_result id="${evidenceId}" tool="${tool}" trust="untrusted">\n${body}\n</tool_result>`, cut };
}
