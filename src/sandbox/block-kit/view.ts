import type { ViewType } from '../types.js';
import { validateBlocks } from './blocks.js';
import { checkText } from './composition.js';
import { type BlockKitIssue, Issues, isObject } from './issues.js';

/** Slack's view_too_large threshold: the serialized view may not exceed 250 kB. */
export const MAX_VIEW_BYTES = 250 * 1024;

const MODAL_KEYS = [
  'type',
  'title',
  'blocks',
  'close',
  'submit',
  'private_metadata',
  'callback_id',
  'clear_on_close',
  'notify_on_close',
  'external_id',
  'submit_disabled',
];
const HOME_KEYS = ['type', 'blocks', 'private_metadata', 'callback_id', 'external_id'];

/** Validates a view argument of views.open/update/push/publish; pointers start at "/view". */
export function validateView(view: unknown, expected: ViewType | 'any'): BlockKitIssue[] {
  const issues = new Issues();
  if (!issues.object(view, '/view')) return issues.list;
  const type = view.type;
  if (type !== 'modal' && type !== 'home') {
    issues.add('/view/type', 'must be a valid enum value');
    return issues.list;
  }
  if (expected !== 'any' && type !== expected) {
    issues.add('/view/type', 'must be a valid enum value');
    return issues.list;
  }
  issues.onlyKnownKeys(view, '/view', type === 'modal' ? MODAL_KEYS : HOME_KEYS);
  if (type === 'modal') {
    checkText(issues, view.title, '/view/title', { kind: 'plain_text', max: 24, required: true });
    checkText(issues, view.close, '/view/close', { kind: 'plain_text', max: 24 });
    checkText(issues, view.submit, '/view/submit', { kind: 'plain_text', max: 24 });
    issues.boolean(view, 'clear_on_close', '/view');
    issues.boolean(view, 'notify_on_close', '/view');
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
    if (hasInput && view.submit === undefined) {
      issues.add('/view', 'must provide submit when an input block is within the blocks array');
    }
  }
  issues.string(view, 'private_metadata', '/view', { max: 3000, min: 0 });
  issues.string(view, 'callback_id', '/view', { max: 255, min: 0 });
  issues.string(view, 'external_id', '/view', { max: 255 });
  if (view.blocks === undefined) issues.add('/view', 'missing required field: blocks');
  else issues.list.push(...validateBlocks(view.blocks, type, '/view/blocks'));
  return issues.list;
}
