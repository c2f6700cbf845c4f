/**
 * Shared pieces of secret redaction: the placeholder text, and the rule that decides
 * whether a key, flag or header name announces a secret value.
 */

export const REDACTED = '[REDACTED]';

/** `[REDACTED:<kind>]`: says what was there without showing it. */
export const tag = (kind: string): string => `[REDACTED:${kind}]`;

export const isRedacted = (value: string): boolean => value.includes('[REDACTED');

/**
 * `output`: text a command printed (env files, YAML, logs). `command`: shell a person wrote,
 * where `KEY=value rest` ends the value at the first space (the rest is the command).
 */
export type RedactMode = 'output' | 'command';

/** A line rule: `hint` is a cheap pre-check; a line that misses it cannot match `apply`. */
export interface LineRule {
  kind: string;
  hint: RegExp;
  apply(line: string, mode: RedactMode): string;
}

/** Words whose presence in a key name marks its value as secret. */
const SECRET_KEY_WORD = new RegExp(
  [
    'passw(?:or)?d',
    'passphrase',
    'secret',
    'token',
    'api[_.-]?key',
    'access[_.-]?key',
    'private[_.-]?key',
    'client[_.-]?key',
    'signing[_.-]?key',
    'auth[_.-]?key',
    'app(?:lication)?[_.-]?key',
    'license[_.-]?key',
    'subscription[_.-]?key',
    'functions?[_.-]?key',
    'routing[_.-]?key',
    'integration[_.-]?key',
    'service[_.-]?key',
    'hmac',
    'master[_.-]?key',
    'encryption[_.-]?key',
    'credential',
    'accountkey',
    'connection[_.-]?string',
    '^_?auth$',
    '^pass$',
    '[_.-]pass$',
    '^pass[_.-]',
    '^pass(?:in|out)$',
    '^(?:store|key|src|dest|srcstore|deststore|src-store|dest-store)pass$',
    '^pwd[_.-]',
    '[_.-]pwd$',
    '^sig$',
    'signature$',
  ].join('|'),
);

/** Keys that contain a secret word but name something that is not itself a secret. */
const NOT_SECRET_KEY_SUFFIX =
  /(?:name|names|ref|file|path|dir|type|count|size|ttl|length|expiry|expires|expiresat|expiration|enabled|required|tokens|id|ids|arn|version|mode|policy|provider|stdin|env|prompt|command|cmd|url|uri|endpoint|method|format|header|algorithm|hint)$/;

/**
 * Values that are placeholders, not secrets; hiding them only hurts readability. Shell
 * expansions (`$VAR`, `${VAR}`, `$(vault read …)`, backticks) say where a secret comes from.
 */
const PLACEHOLDER_VALUE =
  /^(?:|null|nil|none|<none>|true|false|~|\*+|<redacted>|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\$\(.*|`.*|<[A-Za-z_ -]{1,40}>)$/i;

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/^-+/, '');
  if (!SECRET_KEY_WORD.test(k)) return false;
  return !NOT_SECRET_KEY_SUFFIX.test(k.replace(/[_.-]/g, ''));
}

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER_VALUE.test(value.replace(/^["']|["']$/g, ''));
}

export function shouldHide(key: string, value: string): boolean {
  return isSecretKey(key) && !isPlaceholder(value) && !isRedacted(value);
}

/** Replace a value, keeping the quotes it came with. */
export function hideValue(value: string): string {
  const q = value[0];
  if (q !== '"' && q !== "'") return REDACTED;
  // an unterminated quote (value cut by the line end) keeps only its opening quote
  return value.length >= 2 && value.endsWith(q) ? `${q}${REDACTED}${q}` : `${q}${REDACTED}`;
}
