import type { Heading, Paragraph, Root } from 'mdast';
import { isInstruction } from './instructions.js';
import { sectionKindOf } from './sections.js';
import { piecesOf, plainText, splitSentences } from './text.js';

// Where a runbook's title, and the title of a step that is only a command, come from.

export function findTitleHeading(tree: Root): Heading | null {
  const headings = tree.children.filter((n): n is Heading => n.type === 'heading');
  const first = headings[0];
  if (!first) return null;
  const minDepth = Math.min(...headings.map((h) => h.depth));
  const atMin = headings.filter((h) => h.depth === minDepth);
  if (first.depth !== minDepth || atMin.length !== 1) return null;
  // A lone top heading that names a section ("## Steps") is a section, not the title.
  return sectionKindOf(plainText(piecesOf(first.children))) === null ? first : null;
}

/**
 * A page with no heading (a wiki paste) often opens with its title on a line of its own:
 * short, one line, no full stop, not an instruction.
 */
export function findTitleLine(tree: Root): Paragraph | null {
  if (tree.children.some((n) => n.type === 'heading')) return null;
  const index = tree.children.findIndex((n) => n.type !== 'yaml');
  const first = tree.children[index];
  if (first?.type !== 'paragraph') return null;
  const pieces = piecesOf(first.children);
  const text = plainText(pieces);
  const oneLine = !pieces.some((p) => p.kind === 'text' && p.value.includes('\n'));
  const sentence = splitSentences(pieces)[0];
  if (!oneLine || text.length > 100 || /[.:;!?]$/.test(text) || !sentence) return null;
  // "Restart the API gateway" over a numbered list names the procedure the list spells out.
  const namesTheList = tree.children[index + 1]?.type === 'list' && !pieces.some((p) => p.kind === 'code');
  return isInstruction(sentence) && !namesTheList ? null : first;
}

export function runTitle(command: string): string {
  // A script that sets a variable first is named by what it runs: `oc rsh … $POD`.
  const lines = command.split('\n');
  const run = lines.find((l) => !/^\s*(?:export\s+)?[A-Za-z_]\w*=/.test(l)) ?? lines[0] ?? command;
  return `Run \`${oneLine(run).replace(/\s*\\$/, '')}\``;
}

export function oneLine(command: string): string {
  const line = command.split('\n')[0] ?? command;
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/**
 * "Then run:", "Example:", "Run the following command": an introduction that says nothing
 * about what the command does, so it makes a poor title.
 */
export function isBareIntro(sentence: string): boolean {
  const rest = sentence
    .toLowerCase()
    .replace(/[`*_:.,!]/g, ' ')
    .replace(
      /\b(?:then|now|next|first|finally|also|and|so|again|afterwards|after that|for example|e g|example|examples|sample|output|like this|as follows|below|above|the following|following|this|these|that|command|commands|one|run|execute|type|use|try|enter|issue|the|a|you can|can|should|we|please|just|simply)\b/g,
      ' ',
    )
    .trim();
  return rest === '';
}
