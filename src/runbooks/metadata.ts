import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DomainError, errorMessage } from '../lib/errors.js';
import type { DeclaredVariable, RunbookMetadata } from './types.js';

/** A single string is accepted where a list is expected: `services: api`. */
const stringList = z
  .union([z.string(), z.array(z.string())], { error: 'expected a string or a list of strings' })
  .transform((value) => (typeof value === 'string' ? [value] : value).map((s) => s.trim()).filter(Boolean));

const SLACK_REF = /^(?:[UW][A-Z0-9]{2,}|S[A-Z0-9]{2,}|@[a-z0-9][a-z0-9._-]*)$/;
const slackRefList = stringList.pipe(
  z.array(
    z.string().regex(SLACK_REF, { error: 'expected a Slack user id (U…/W…), a user-group id (S…) or handle (@group)' }),
  ),
);

/** `$NAMESPACE` and `<pod-name>` names alike. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const variableName = z.string().regex(VARIABLE_NAME, { error: 'expected a variable name like NAMESPACE or pod-name' });

const declaredVariable = z
  .object({
    description: z.string().nullish(),
    pattern: z.string().refine(isValidRegex, { error: 'expected a valid regular expression' }).nullish(),
    default: z.union([z.string(), z.number()]).nullish(),
    /** Where the alert carries the value: `service`, or `label.<name>` (Alertmanager, Grafana, Opsgenie…). */
    from: z
      .string()
      .regex(/^(service|label\.[A-Za-z_][A-Za-z0-9_.-]*)$/, { error: 'expected service or label.<name>' })
      .nullish(),
  })
  .strict();

const FrontMatter = z.looseObject({
  title: z.string({ error: 'expected a string' }).trim().min(1, { error: 'must not be empty' }).optional(),
  services: stringList.optional(),
  alerts: stringList.optional(),
  keywords: stringList.optional(),
  trust_level: z.union([z.literal(0), z.literal(1), z.literal(2)], { error: 'expected 0, 1 or 2' }).optional(),
  owners: stringList.optional(),
  approvers: slackRefList.optional(),
  allow_shell_metacharacters: stringList.pipe(z.array(variableName)).optional(),
  timeout_seconds: z
    .number({ error: 'expected a number of seconds' })
    .int({ error: 'expected a whole number of seconds' })
    .positive({ error: 'expected more than 0 seconds' })
    .max(86_400, { error: 'expected at most 86400 seconds (one day)' })
    .optional(),
  variables: z.record(variableName, declaredVariable).optional(),
});

const KNOWN_KEYS = new Set([
  'title',
  'services',
  'alerts',
  'keywords',
  'trust_level',
  'owners',
  'approvers',
  'allow_shell_metacharacters',
  'timeout_seconds',
  'variables',
]);

export function emptyMetadata(): RunbookMetadata {
  return {
    title: null,
    services: [],
    alerts: [],
    keywords: [],
    trust_level: 0,
    owners: [],
    approvers: [],
    allow_shell_metacharacters: [],
    timeout_seconds: null,
    variables: {},
    extra: {},
  };
}

/**
 * Front matter YAML → metadata. Throws `runbook_invalid` naming the bad field, so an author
 * can fix it from the message alone.
 */
export function parseMetadata(yamlText: string | null): RunbookMetadata {
  if (yamlText === null || yamlText.trim() === '') return emptyMetadata();
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (err) {
    throw new DomainError('runbook_invalid', `Front matter is not valid YAML: ${errorMessage(err)}`, {
      field: null,
    });
  }
  if (raw === null || raw === undefined) return emptyMetadata();
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new DomainError('runbook_invalid', 'Front matter must be a YAML mapping of `key: value` lines', {
      field: null,
    });
  }
  const parsed = FrontMatter.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.');
    throw new DomainError('runbook_invalid', `Front matter field \`${field}\`: ${issue.message}`, {
      field,
      issues: parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message })),
    });
  }
  const fm = parsed.data;
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fm)) if (!KNOWN_KEYS.has(key)) extra[key] = value;
  const variables: Record<string, DeclaredVariable> = {};
  for (const [name, v] of Object.entries(fm.variables ?? {})) {
    variables[name] = {
      description: v.description ?? null,
      pattern: v.pattern ?? null,
      default: v.default === null || v.default === undefined ? null : String(v.default),
      from: v.from ?? null,
    };
  }
  return {
    title: fm.title ?? null,
    services: fm.services ?? [],
    alerts: fm.alerts ?? [],
    keywords: fm.keywords ?? [],
    trust_level: fm.trust_level ?? 0,
    owners: fm.owners ?? [],
    approvers: fm.approvers ?? [],
    allow_shell_metacharacters: fm.allow_shell_metacharacters ?? [],
    timeout_seconds: fm.timeout_seconds ?? null,
    variables,
    extra,
  };
}

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
