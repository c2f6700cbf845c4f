import { checkConfirm, checkOptions, checkText } from './composition.js';
import { type Issues, isObject } from './issues.js';

export const SELECT_TYPES = [
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
] as const;
export const MULTI_SELECT_TYPES = SELECT_TYPES.map((t) => `multi_${t}`);

/** Which element types each slot accepts (Block Kit reference, "Compatible blocks" per element). */
export const ACCESSORY_TYPES: readonly string[] = [
  'button',
  'checkboxes',
  'datepicker',
  'image',
  'overflow',
  'radio_buttons',
  'timepicker',
  'workflow_button',
  ...SELECT_TYPES,
  ...MULTI_SELECT_TYPES,
];
export const ACTIONS_TYPES: readonly string[] = [
  'button',
  'checkboxes',
  'datepicker',
  'datetimepicker',
  'overflow',
  'radio_buttons',
  'timepicker',
  'workflow_button',
  'rich_text_input',
  ...SELECT_TYPES,
  ...MULTI_SELECT_TYPES,
];
export const INPUT_TYPES: readonly string[] = [
  'checkboxes',
  'datepicker',
  'datetimepicker',
  'email_text_input',
  'file_input',
  'number_input',
  'plain_text_input',
  'radio_buttons',
  'rich_text_input',
  'timepicker',
  'url_text_input',
  ...SELECT_TYPES,
  ...MULTI_SELECT_TYPES,
];

/** Validates one interactive or image element; returns its action_id for the uniqueness check. */
export function checkElement(
  issues: Issues,
  value: unknown,
  pointer: string,
  allowedTypes: readonly string[],
): string | undefined {
  if (!issues.object(value, pointer)) return undefined;
  const type = value.type;
  if (typeof type !== 'string' || !allowedTypes.includes(type)) {
    issues.add(pointer, 'failed to match all allowed schemas');
    return undefined;
  }
  if (type !== 'image') issues.string(value, 'action_id', pointer, { max: 255 });
  checkConfirm(issues, value.confirm, `${pointer}/confirm`);
  switch (type) {
    case 'button':
      checkButton(issues, value, pointer);
      break;
    case 'image':
      checkImageElement(issues, value, pointer);
      break;
    case 'static_select':
    case 'multi_static_select':
      checkStaticSelect(issues, value, pointer);
      break;
    case 'overflow':
      checkOptions(issues, value, pointer, { max: 5, textKind: 'plain_text', required: true });
      break;
    case 'checkboxes':
    case 'radio_buttons':
      checkOptions(issues, value, pointer, { max: 10, textKind: 'any', required: true });
      break;
    case 'plain_text_input':
      checkPlainTextInput(issues, value, pointer);
      break;
    default:
      if (type.endsWith('select'))
        checkText(issues, value.placeholder, `${pointer}/placeholder`, { kind: 'plain_text', max: 150 });
  }
  return typeof value.action_id === 'string' ? value.action_id : undefined;
}

function checkButton(issues: Issues, button: Record<string, unknown>, pointer: string): void {
  issues.onlyKnownKeys(button, pointer, [
    'type',
    'text',
    'action_id',
    'url',
    'value',
    'style',
    'confirm',
    'accessibility_label',
  ]);
  checkText(issues, button.text, `${pointer}/text`, { kind: 'plain_text', max: 75, required: true });
  issues.string(button, 'url', pointer, { max: 3000 });
  issues.string(button, 'value', pointer, { max: 2000 });
  issues.oneOf(button, 'style', pointer, ['primary', 'danger']);
  issues.string(button, 'accessibility_label', pointer, { max: 75 });
}

function checkImageElement(issues: Issues, image: Record<string, unknown>, pointer: string): void {
  if (image.slack_file === undefined) issues.string(image, 'image_url', pointer, { max: 3000, required: true });
  issues.string(image, 'alt_text', pointer, { max: 2000, required: true });
}

function checkStaticSelect(issues: Issues, select: Record<string, unknown>, pointer: string): void {
  checkText(issues, select.placeholder, `${pointer}/placeholder`, { kind: 'plain_text', max: 150 });
  const hasOptions = select.options !== undefined;
  const hasGroups = select.option_groups !== undefined;
  if (hasOptions === hasGroups) {
    issues.add(pointer, 'must provide exactly one of options or option_groups');
    return;
  }
  if (hasOptions) {
    checkOptions(issues, select, pointer, { max: 100, textKind: 'plain_text', required: true });
    return;
  }
  const groups = issues.array(select, 'option_groups', pointer, { max: 100, min: 1 });
  groups?.forEach((group, i) => {
    const groupPointer = `${pointer}/option_groups/${i}`;
    if (!issues.object(group, groupPointer)) return;
    checkText(issues, group.label, `${groupPointer}/label`, { kind: 'plain_text', max: 75, required: true });
    checkOptions(issues, group, groupPointer, { max: 100, textKind: 'plain_text', required: true });
  });
}

function checkPlainTextInput(issues: Issues, input: Record<string, unknown>, pointer: string): void {
  checkText(issues, input.placeholder, `${pointer}/placeholder`, { kind: 'plain_text', max: 150 });
  issues.boolean(input, 'multiline', pointer);
  for (const key of ['min_length', 'max_length'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 3000) {
      issues.add(`${pointer}/${key}`, 'must be an integer between 0 and 3000');
    }
  }
  if (input.initial_value !== undefined && typeof input.initial_value !== 'string') {
    issues.add(`${pointer}/initial_value`, 'must provide a string');
  }
}

export function isElementObject(value: unknown): value is Record<string, unknown> & { type: string } {
  return isObject(value) && typeof value.type === 'string';
}
