import { DomainError } from '../lib/errors.js';

/**
 * Variables in runbook commands: `$VAR`, `${VAR}`, `<var-name>` and `{{var}}`. Values are
 * validated (no shell metacharacters unless the runbook allows them for that variable)
 * and substituted so they stay one word; the substituted command is what gets
 * classified and approved.
 */

/** What a value may contain without the runbook saying otherwise: one plain shell word. */
const PLAIN_VALUE = /^[A-Za-z0-9._\-/:=@,+%]+$/;
const MAX_VALUE_LENGTH = 512;

export interface VariableRule {
  name: string;
  allowMetacharacters: boolean;
  /** The runbook's pattern for the value (the whole value must match), if it gave one. */
  pattern?: string | null;
}

export function validateVariableValue(rule: VariableRule, value: string): string | null {
  if (value.length === 0) return `${rule.name} needs a value`;
  if (value.length > MAX_VALUE_LENGTH) return `${rule.name} is longer than ${MAX_VALUE_LENGTH} characters`;
  if (/[\n\r\0]/.test(value)) return `${rule.name} must be a single line`;
  if (!rule.allowMetacharacters && !PLAIN_VALUE.test(value)) {
    const bad = [...value].find((ch) => !PLAIN_VALUE.test(ch)) ?? '';
    return `${rule.name} may only contain letters, digits and . _ - / : = @ , + % (found ${JSON.stringify(bad)}); the runbook must allow shell metacharacters for it`;
  }
  if (rule.pattern && !matchesWhole(rule.pattern, value)) {
    return `${rule.name} must match the runbook's pattern ${rule.pattern}`;
  }
  return null;
}

function matchesWhole(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(value);
  } catch {
    return false; // an unusable pattern accepts nothing; the runbook linter reports it to the author
  }
}

/** Names of variables used in a command, in order of first use. */
export function variablesIn(command: string, known: readonly string[]): string[] {
  return [...new Set(findOccurrences(command, known).map((o) => o.name))];
}

interface Occurrence {
  name: string;
  start: number;
  end: number;
}

function findOccurrences(command: string, known: readonly string[]): Occurrence[] {
  const names = new Set(known);
  const out: Occurrence[] = [];
  const pattern =
    /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)|\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}|<([A-Za-z][\w-]*)>/g;
  for (const m of command.matchAll(pattern)) {
    const name = m[1] ?? m[2] ?? m[3] ?? m[4];
    if (name && names.has(name)) out.push({ name, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/**
 * Replaces every occurrence of a known variable with its value. Plain values go in as
 * they are (they cannot change the command's shape); values with metacharacters are
 * quoted for the quoting context they land in.
 */
export function substituteVariables(
  template: string,
  values: Readonly<Record<string, string>>,
  rules: readonly VariableRule[],
): string {
  const known = rules.map((r) => r.name);
  const occurrences = findOccurrences(template, known);
  let out = '';
  let cursor = 0;
  for (const occ of occurrences) {
    const value = values[occ.name];
    if (value === undefined) {
      throw new DomainError('variable_invalid', `No value for ${occ.name}`, { variable: occ.name });
    }
    const rule = rules.find((r) => r.name === occ.name)!;
    const problem = validateVariableValue(rule, value);
    if (problem) throw new DomainError('variable_invalid', problem, { variable: occ.name });
    out += template.slice(cursor, occ.start);
    out += PLAIN_VALUE.test(value) ? value : quoteFor(quoteContextAt(template, occ.start), value);
    cursor = occ.end;
  }
  return out + template.slice(cursor);
}

type QuoteContext = 'none' | 'single' | 'double';

/** Which quotes are open at `index` (a small lexer: backslashes, single and double quotes). */
export function quoteContextAt(text: string, index: number): QuoteContext {
  let ctx: QuoteContext = 'none';
  for (let i = 0; i < index; i++) {
    const ch = text[i];
    if (ctx === 'single') {
      if (ch === "'") ctx = 'none';
    } else if (ch === '\\') {
      i++;
    } else if (ctx === 'double') {
      if (ch === '"') ctx = 'none';
    } else if (ch === "'") ctx = 'single';
    else if (ch === '"') ctx = 'double';
  }
  return ctx;
}

function quoteFor(ctx: QuoteContext, value: string): string {
  switch (ctx) {
    case 'none':
      return `'${value.replace(/'/g, `'\\''`)}'`;
    case 'double':
      return value.replace(/([\\"$`])/g, '\\$1');
    case 'single':
      return value.replace(/'/g, `'\\''`);
  }
}
