import { blocksTextLength, validateBlocks } from '../block-kit/blocks.js';
import { isObject } from '../block-kit/issues.js';
import { withGeneratedIds } from '../block-kit/walk.js';
import type { JsonObject } from '../types.js';
import { jsonArg, optionalString } from './args.js';
import { invalidBlocks, SlackApiError } from './errors.js';

/** Slack truncates (does not reject) message text beyond 40,000 characters. */
export const MAX_TEXT_LENGTH = 40_000;

export interface MessageContent {
  text: string;
  /** Undefined when the call had no blocks. */
  blocks?: JsonObject[];
  warnings: string[];
}

/**
 * Reads and checks `text` + `blocks` for chat.postMessage / postEphemeral / update and response_url
 * bodies, in Slack's order: blocks parse → no_text → invalid_blocks → msg_blocks_too_long.
 */
export function readMessageContent(args: JsonObject, limits: { maxBlocksTextLength: number }): MessageContent {
  const blocksArg = jsonArg(args, 'blocks');
  if (blocksArg.present && !blocksArg.ok) throw new SlackApiError('invalid_blocks_format');
  const rawBlocks = blocksArg.present && blocksArg.ok ? blocksArg.value : undefined;
  const hasBlocks = Array.isArray(rawBlocks) ? rawBlocks.length > 0 : rawBlocks !== undefined;
  const hasAttachments = args.attachments !== undefined && args.attachments !== '' && args.attachments !== '[]';
  let text = optionalString(args, 'text') ?? '';
  if (!text && !hasBlocks && !hasAttachments) throw new SlackApiError('no_text');
  if (rawBlocks !== undefined) {
    if (!Array.isArray(rawBlocks) && !isObject(rawBlocks)) throw new SlackApiError('invalid_blocks_format');
    const issues = validateBlocks(rawBlocks, 'message');
    if (issues.length > 0) throw invalidBlocks(issues);
    if (blocksTextLength(rawBlocks) > limits.maxBlocksTextLength) throw new SlackApiError('msg_blocks_too_long');
  }
  const warnings: string[] = [];
  if (text.length > MAX_TEXT_LENGTH) {
    text = text.slice(0, MAX_TEXT_LENGTH);
    warnings.push('message_truncated');
  }
  return {
    text,
    ...(Array.isArray(rawBlocks) && rawBlocks.length > 0 ? { blocks: withGeneratedIds(rawBlocks) } : {}),
    warnings,
  };
}

/** Adds Slack's warning fields to a success body. */
export function withWarnings(body: JsonObject, warnings: readonly string[]): JsonObject {
  if (warnings.length === 0) return body;
  return {
    ...body,
    warning: warnings.join(','),
    response_metadata: { warnings: [...warnings] },
  };
}
