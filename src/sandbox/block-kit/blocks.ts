import { checkText } from './composition.js';
import { ACCESSORY_TYPES, ACTIONS_TYPES, checkElement, INPUT_TYPES } from './elements.js';
import { type BlockKitIssue, Issues, isObject } from './issues.js';

export type Surface = 'message' | 'modal' | 'home';

const MAX_BLOCKS: Record<Surface, number> = { message: 50, modal: 100, home: 100 };

/** Block types Slack accepts but the sandbox only checks shallowly (rare in this product). */
const SHALLOW_BLOCK_TYPES = ['video', 'file', 'table', 'context_actions'];

/**
 * Validates a `blocks` array for a surface, reporting issues with JSON pointers under `basePointer`
 * ("/blocks" for messages, "/view/blocks" for views), like Slack's invalid_blocks / invalid_arguments.
 */
export function validateBlocks(blocks: unknown, surface: Surface, basePointer = '/blocks'): BlockKitIssue[] {
  const issues = new Issues();
  if (!Array.isArray(blocks)) {
    issues.add(basePointer, 'must provide an array');
    return issues.list;
  }
  const max = MAX_BLOCKS[surface];
  if (blocks.length > max) issues.add(basePointer, `no more than ${max} items allowed`);
  const blockIds = new Set<string>();
  blocks.forEach((block, index) => {
    const pointer = `${basePointer}/${index}`;
    if (!issues.object(block, pointer)) return;
    const blockId = block.block_id;
    if (blockId !== undefined) {
      if (typeof blockId !== 'string') issues.add(`${pointer}/block_id`, 'must provide a string');
      else {
        issues.length(blockId, `${pointer}/block_id`, 255);
        if (blockIds.has(blockId)) issues.add(`${pointer}/block_id`, `duplicate block_id: ${blockId}`);
        blockIds.add(blockId);
      }
    }
    checkBlock(issues, block, pointer);
  });
  return issues.list;
}

function checkBlock(issues: Issues, block: Record<string, unknown>, pointer: string): void {
  const actionIds = new ActionIdSet(issues);
  switch (block.type) {
    case 'section':
      issues.onlyKnownKeys(block, pointer, ['type', 'block_id', 'text', 'fields', 'accessory', 'expand']);
      if (block.text === undefined && block.fields === undefined) issues.add(pointer, 'must provide text or fields');
      checkText(issues, block.text, `${pointer}/text`, { kind: 'any', max: 3000 });
      for (const [i, field] of (issues.array(block, 'fields', pointer, { max: 10, min: 1 }) ?? []).entries()) {
        checkText(issues, field, `${pointer}/fields/${i}`, { kind: 'any', max: 2000, required: true });
      }
      if (block.accessory !== undefined) {
        actionIds.add(
          checkElement(issues, block.accessory, `${pointer}/accessory`, ACCESSORY_TYPES),
          `${pointer}/accessory`,
        );
      }
      issues.boolean(block, 'expand', pointer);
      return;
    case 'divider':
      issues.onlyKnownKeys(block, pointer, ['type', 'block_id']);
      return;
    case 'header':
      issues.onlyKnownKeys(block, pointer, ['type', 'block_id', 'text']);
      checkText(issues, block.text, `${pointer}/text`, { kind: 'plain_text', max: 150, required: true });
      return;
    case 'context':
      issues.onlyKnownKeys(block, pointer, ['type', 'block_id', 'elements']);
      issues.array(block, 'elements', pointer, { max: 10, min: 1, required: true })?.forEach((element, i) => {
        const elementPointer = `${pointer}/elements/${i}`;
        if (isObject(element) && element.type === 'image') checkElement(issues, element, elementPointer, ['image']);
        else checkText(issues, element, elementPointer, { kind: 'any', max: 3000, required: true });
      });
      return;
    case 'actions':
      issues.onlyKnownKeys(block, pointer, ['type', 'block_id', 'elements']);
      issues.array(block, 'elements', pointer, { max: 25, min: 1, required: true })?.forEach((element, i) => {
        const elementPointer = `${pointer}/elements/${i}`;
        actionIds.add(checkElement(issues, element, elementPointer, ACTIONS_TYPES), elementPointer);
      });
      return;
    case 'input':
      issues.onlyKnownKeys(block, pointer, [
        'type',
        'block_id',
        'label',
        'element',
        'dispatch_action',
        'hint',
        'optional',
      ]);
      checkText(issues, block.label, `${pointer}/label`, { kind: 'plain_text', max: 2000, required: true });
      checkText(issues, block.hint, `${pointer}/hint`, { kind: 'plain_text', max: 2000 });
      if (block.element === undefined) issues.add(pointer, 'missing required field: element');
      else checkElement(issues, block.element, `${pointer}/element`, INPUT_TYPES);
      issues.boolean(block, 'optional', pointer);
      issues.boolean(block, 'dispatch_action', pointer);
      return;
    case 'image':
      issues.onlyKnownKeys(block, pointer, ['type', 'block_id', 'image_url', 'slack_file', 'alt_text', 'title']);
      if (block.slack_file === undefined) issues.string(block, 'image_url', pointer, { max: 3000, required: true });
      issues.string(block, 'alt_text', pointer, { max: 2000, required: true });
      checkText(issues, block.title, `${pointer}/title`, { kind: 'plain_text', max: 2000 });
      return;
    case 'markdown':
      issues.onlyKnownKeys(block, pointer, ['type', 'block_id', 'text']);
      issues.string(block, 'text', pointer, { max: 12_000, required: true });
      return;
    case 'rich_text':
      issues.onlyKnownKeys(block, pointer, ['type', 'block_id', 'elements']);
      issues.array(block, 'elements', pointer, { max: 100, required: true });
      return;
    default:
      if (typeof block.type === 'string' && SHALLOW_BLOCK_TYPES.includes(block.type)) return;
      issues.add(pointer, 'failed to match all allowed schemas');
  }
}

/** Slack requires action_ids to be unique among the elements of one block. */
class ActionIdSet {
  private readonly seen = new Set<string>();
  constructor(private readonly issues: Issues) {}
  add(actionId: string | undefined, pointer: string): void {
    if (actionId === undefined) return;
    if (this.seen.has(actionId)) this.issues.add(`${pointer}/action_id`, `duplicate action_id: ${actionId}`);
    this.seen.add(actionId);
  }
}

/** Sum of every `text` string in the blocks: Slack caps it (undocumented, ~12k) with msg_blocks_too_long. */
export function blocksTextLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + blocksTextLength(item), 0);
  if (!isObject(value)) return 0;
  let total = 0;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'text' && typeof child === 'string') total += child.length;
    else total += blocksTextLength(child);
  }
  return total;
}
