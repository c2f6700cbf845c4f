import { MAX_VIEW_BYTES, validateView } from '../block-kit/view.js';
import type { JsonObject, ViewType } from '../types.js';
import { jsonArg } from './args.js';
import { invalidArguments, SlackApiError } from './errors.js';

/** Reads and validates the `view` argument of views.open/update/push/publish. */
export function viewArg(args: JsonObject, expected: ViewType | 'any'): JsonObject {
  const arg = jsonArg(args, 'view');
  if (!arg.present) throw invalidArguments([{ pointer: '/', message: 'missing required field: view' }]);
  if (!arg.ok) throw invalidArguments([{ pointer: '/view', message: 'must provide an object' }]);
  if (JSON.stringify(arg.value).length > MAX_VIEW_BYTES) throw new SlackApiError('view_too_large');
  const issues = validateView(arg.value, expected);
  if (issues.length > 0) throw invalidArguments(issues);
  return arg.value as JsonObject;
}
