import type { ListItem } from 'mdast';
import { isRollbackLine } from './instructions.js';
import { commandsIn, opensStep } from './sentences.js';
import { piecesOf, plainText, splitSentences } from './text.js';

// What a list item holds: decides whether a list is a set of steps or one checklist.

export function mostlyInstructions(items: ListItem[]): boolean {
  const opening = items.map((item) => {
    const first = item.children[0];
    if (first?.type !== 'paragraph') return false;
    const pieces = piecesOf(first.children);
    const sentence = splitSentences(pieces)[0];
    return sentence !== undefined && (opensStep(sentence) || commandsIn(pieces).length > 0);
  });
  return opening.filter(Boolean).length * 2 >= items.length;
}

export function hasCode(item: ListItem): boolean {
  return item.children.some((c) => c.type === 'code' || (c.type === 'list' && c.children.some(hasCode)));
}

export function hasInlineCommand(item: ListItem): boolean {
  const first = item.children[0];
  return first?.type === 'paragraph' && commandsIn(piecesOf(first.children)).length > 0;
}

export function isRollbackItem(item: ListItem): boolean {
  const first = item.children[0];
  return first?.type === 'paragraph' && isRollbackLine(plainText(piecesOf(first.children)));
}
