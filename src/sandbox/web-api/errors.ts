import { type BlockKitIssue, formatIssue } from '../block-kit/issues.js';
import type { JsonObject } from '../types.js';

/** An `ok:false` answer. Slack uses HTTP 200 for every API error except rate limiting (429). */
export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: JsonObject = {},
    readonly status = 200,
    readonly headers: Record<string, string> = {},
  ) {
    super(code);
    this.name = 'SlackApiError';
  }
}

/** chat.* answer for bad blocks: `errors` plus `response_metadata.messages`, each with a json-pointer. */
export function invalidBlocks(issues: readonly BlockKitIssue[]): SlackApiError {
  const errors = issues.map(formatIssue);
  return new SlackApiError('invalid_blocks', {
    errors,
    response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) },
  });
}

/** views.* answer for a bad view: Slack reports `invalid_arguments` with the pointers in messages. */
export function invalidArguments(issues: readonly BlockKitIssue[]): SlackApiError {
  return new SlackApiError('invalid_arguments', {
    response_metadata: { messages: issues.map((i) => `[ERROR] ${formatIssue(i)}`) },
  });
}

export function missingArgument(name: string): SlackApiError {
  return invalidArguments([{ pointer: '/', message: `missing required field: ${name}` }]);
}
