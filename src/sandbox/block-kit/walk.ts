import { randomBytes } from 'node:crypto';
import type { JsonObject } from '../types.js';
import { isObject } from './issues.js';

export interface LocatedElement {
  block: JsonObject;
  blockId: string;
  element: JsonObject;
}

function shortId(): string {
  return randomBytes(4).toString('base64url').slice(0, 5);
}

/**
 * Slack fills in missing block_id and action_id values when it stores a message or view
 * (they come back in the stored blocks and in interaction payloads), so the sandbox does too.
 */
export function withGeneratedIds(blocks: unknown[]): JsonObject[] {
  return blocks.filter(isObject).map((original) => {
    const block: JsonObject = structuredClone(original);
    if (block.block_id === undefined) block.block_id = shortId();
    for (const element of elementsOf(block)) {
      if (element.type !== 'image' && element.action_id === undefined) element.action_id = shortId();
    }
    return block;
  });
}

/** Interactive elements of a block: actions elements, a section accessory, an input element. */
export function elementsOf(block: JsonObject): JsonObject[] {
  if (block.type === 'actions' && Array.isArray(block.elements)) return block.elements.filter(isObject);
  if (block.type === 'section' && isObject(block.accessory)) return [block.accessory];
  if (block.type === 'input' && isObject(block.element)) return [block.element];
  return [];
}

/** Finds an element a person can act on; undefined when it is not on screen. */
export function findElement(
  blocks: readonly JsonObject[] | undefined,
  criteria: { actionId: string; blockId?: string; types: readonly string[]; value?: string },
): LocatedElement | undefined {
  for (const block of blocks ?? []) {
    if (criteria.blockId !== undefined && block.block_id !== criteria.blockId) continue;
    if (block.type === 'input') continue;
    for (const element of elementsOf(block)) {
      if (element.action_id !== criteria.actionId) continue;
      if (typeof element.type !== 'string' || !criteria.types.includes(element.type)) continue;
      if (criteria.value !== undefined && element.value !== criteria.value) continue;
      return { block, blockId: String(block.block_id), element };
    }
  }
  return undefined;
}

/** Options of a select, radio or checkbox group, flattening option_groups. */
export function optionsOf(element: JsonObject): JsonObject[] {
  if (Array.isArray(element.options)) return element.options.filter(isObject);
  if (Array.isArray(element.option_groups)) {
    return element.option_groups
      .filter(isObject)
      .flatMap((g) => (Array.isArray(g.options) ? g.options.filter(isObject) : []));
  }
  return [];
}
