import { type Issues, isObject } from './issues.js';

/** Composition objects: text, confirm dialogs and options. Limits from Slack's Block Kit reference. */

export type TextKind = 'plain_text' | 'mrkdwn' | 'any';

export function checkText(
  issues: Issues,
  value: unknown,
  pointer: string,
  rules: { kind: TextKind; max: number; required?: boolean; field?: string },
): void {
  if (value === undefined || value === null) {
    if (rules.required)
      issues.add(pointer.replace(/\/[^/]+$/, '') || '/', `missing required field: ${rules.field ?? lastKey(pointer)}`);
    return;
  }
  if (!issues.object(value, pointer)) return;
  const type = value.type;
  if (type !== 'plain_text' && type !== 'mrkdwn') {
    issues.add(`${pointer}/type`, 'must be a valid enum value');
    return;
  }
  if (rules.kind !== 'any' && type !== rules.kind) {
    // Slack's wording when mrkdwn is given where only plain_text is allowed.
    issues.add(`${pointer}/type`, 'must be a valid enum value');
    return;
  }
  issues.onlyKnownKeys(
    value,
    pointer,
    type === 'plain_text' ? ['type', 'text', 'emoji'] : ['type', 'text', 'verbatim'],
  );
  issues.string(value, 'text', pointer, { max: rules.max, required: true });
  issues.boolean(value, type === 'plain_text' ? 'emoji' : 'verbatim', pointer);
}

export function checkConfirm(issues: Issues, value: unknown, pointer: string): void {
  if (value === undefined) return;
  if (!issues.object(value, pointer)) return;
  checkText(issues, value.title, `${pointer}/title`, { kind: 'plain_text', max: 100, required: true });
  checkText(issues, value.text, `${pointer}/text`, { kind: 'any', max: 300, required: true });
  checkText(issues, value.confirm, `${pointer}/confirm`, { kind: 'plain_text', max: 30, required: true });
  checkText(issues, value.deny, `${pointer}/deny`, { kind: 'plain_text', max: 30, required: true });
  issues.oneOf(value, 'style', pointer, ['primary', 'danger']);
}

/** Selects and overflow menus need plain_text option labels; checkboxes and radio buttons allow mrkdwn. */
export function checkOption(issues: Issues, value: unknown, pointer: string, textKind: TextKind): void {
  if (!issues.object(value, pointer)) return;
  checkText(issues, value.text, `${pointer}/text`, { kind: textKind, max: 75, required: true });
  issues.string(value, 'value', pointer, { max: 150, required: true });
  checkText(issues, value.description, `${pointer}/description`, { kind: textKind, max: 75 });
  issues.string(value, 'url', pointer, { max: 3000 });
}

export function checkOptions(
  issues: Issues,
  parent: Record<string, unknown>,
  pointer: string,
  rules: { max: number; min?: number; textKind: TextKind; required?: boolean },
): void {
  const options = issues.array(parent, 'options', pointer, {
    max: rules.max,
    min: rules.min ?? 1,
    ...(rules.required ? { required: true } : {}),
  });
  const seen = new Set<string>();
  options?.forEach((option, i) => {
    checkOption(issues, option, `${pointer}/options/${i}`, rules.textKind);
    if (isObject(option) && typeof option.value === 'string') {
      if (seen.has(option.value)) issues.add(`${pointer}/options/${i}/value`, 'must be unique');
      seen.add(option.value);
    }
  });
}

function lastKey(pointer: string): string {
  return pointer.slice(pointer.lastIndexOf('/') + 1);
}
