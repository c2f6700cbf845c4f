import { isObject } from '../block-kit/issues.js';
import { elementsOf, optionsOf } from '../block-kit/walk.js';
import { SandboxDriverError } from '../driver-error.js';
import type { JsonObject, SandboxView } from '../types.js';

/** What a person typed or picked: text for inputs, option values for selects, radio and checkboxes. */
export type SubmittedValues = Record<string, Record<string, string | string[] | null | undefined>>;

const REQUIRED_MESSAGE = 'Please complete this required field.';

/**
 * Builds `view.state.values[block_id][action_id]` with the exact per-element shapes Slack sends,
 * applying what Slack's client enforces before it submits (required fields, lengths) when
 * `clientChecks` is set. Option values must always be ones the element offers.
 */
export function buildStateValues(
  view: SandboxView,
  submitted: SubmittedValues,
  opts: { clientChecks: boolean },
): JsonObject {
  const blocks = Array.isArray(view.definition.blocks) ? view.definition.blocks.filter(isObject) : [];
  const state: JsonObject = {};
  const fieldErrors: Record<string, string> = {};
  const known = new Set<string>();
  for (const block of blocks) {
    const blockId = String(block.block_id);
    for (const element of elementsOf(block)) {
      const actionId = String(element.action_id);
      known.add(`${blockId}/${actionId}`);
      const given = submitted[blockId]?.[actionId];
      if (block.type !== 'input' && given === undefined) continue;
      const entry = stateEntry(element, given, blockId);
      if (opts.clientChecks && block.type === 'input') {
        const error = clientCheck(element, entry, block.optional === true);
        if (error) fieldErrors[blockId] = error;
      }
      state[blockId] = { ...(isObject(state[blockId]) ? state[blockId] : {}), [actionId]: entry };
    }
  }
  for (const [blockId, actions] of Object.entries(submitted)) {
    for (const actionId of Object.keys(actions)) {
      if (!known.has(`${blockId}/${actionId}`)) {
        throw new SandboxDriverError(
          `view ${view.id} has no element ${blockId}/${actionId}; a person cannot fill it in`,
        );
      }
    }
  }
  if (Object.keys(fieldErrors).length > 0) {
    throw new SandboxDriverError(`Slack would not submit view ${view.id}: ${JSON.stringify(fieldErrors)}`, fieldErrors);
  }
  return state;
}

function asList(value: string | string[] | null | undefined): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function pickOptions(element: JsonObject, values: string[], blockId: string): JsonObject[] {
  const options = optionsOf(element);
  return values.map((value) => {
    const option = options.find((o) => o.value === value);
    if (!option)
      throw new SandboxDriverError(`${blockId}/${String(element.action_id)} offers no option with value "${value}"`);
    return option;
  });
}

function initialValues(element: JsonObject): string[] {
  if (isObject(element.initial_option) && typeof element.initial_option.value === 'string')
    return [element.initial_option.value];
  if (Array.isArray(element.initial_options)) {
    return element.initial_options.filter(isObject).flatMap((o) => (typeof o.value === 'string' ? [o.value] : []));
  }
  for (const key of [
    'initial_value',
    'initial_date',
    'initial_time',
    'initial_user',
    'initial_conversation',
    'initial_channel',
  ]) {
    if (typeof element[key] === 'string') return [element[key]];
  }
  if (Array.isArray(element.initial_users)) return element.initial_users.map(String);
  return [];
}

function stateEntry(element: JsonObject, given: string | string[] | null | undefined, blockId: string): JsonObject {
  const type = String(element.type);
  const values = given === undefined ? initialValues(element) : asList(given);
  const single = values[0] && values[0] !== '' ? values[0] : null;
  switch (type) {
    case 'static_select':
    case 'radio_buttons':
      return { type, selected_option: single === null ? null : (pickOptions(element, [single], blockId)[0] ?? null) };
    case 'external_select':
      return {
        type,
        selected_option:
          single === null ? null : { text: { type: 'plain_text', text: single, emoji: true }, value: single },
      };
    case 'multi_static_select':
    case 'checkboxes':
      return { type, selected_options: pickOptions(element, values, blockId) };
    case 'users_select':
      return { type, selected_user: single };
    case 'multi_users_select':
      return { type, selected_users: values };
    case 'conversations_select':
      return { type, selected_conversation: single };
    case 'multi_conversations_select':
      return { type, selected_conversations: values };
    case 'channels_select':
      return { type, selected_channel: single };
    case 'multi_channels_select':
      return { type, selected_channels: values };
    case 'datepicker':
      return { type, selected_date: single };
    case 'timepicker':
      return { type, selected_time: single };
    default:
      // plain_text_input, number_input, email_text_input, url_text_input: Slack sends null when left empty.
      return { type, value: single };
  }
}

/** What Slack's client checks before it sends view_submission. */
function clientCheck(element: JsonObject, entry: JsonObject, optional: boolean): string | undefined {
  const filled = Object.entries(entry).some(
    ([key, v]) => key !== 'type' && v !== null && !(Array.isArray(v) && v.length === 0),
  );
  if (!filled) return optional ? undefined : REQUIRED_MESSAGE;
  if (typeof entry.value !== 'string') return undefined;
  const text = entry.value;
  if (typeof element.min_length === 'number' && text.length < element.min_length) {
    return `Must be at least ${element.min_length} characters.`;
  }
  if (typeof element.max_length === 'number' && text.length > element.max_length) {
    return `Must be no more than ${element.max_length} characters.`;
  }
  if (element.type === 'number_input') {
    const n = Number(text);
    if (!Number.isFinite(n) || (element.is_decimal_allowed !== true && !Number.isInteger(n)))
      return 'Please enter a valid number.';
  }
  return undefined;
}
