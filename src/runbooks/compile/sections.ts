import { SECTION_KINDS, type SectionKind } from './vocabulary.js';

/** "## 2. Diagnosis 🔍" → "diagnosis". */
function normaliseHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/^[^a-z]*(?:step\s*\d+\s*[:.)-]?\s*)?/, (m) => (/step/.test(m) ? 'step ' : ''))
    .replace(/[^a-z0-9\s-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What a heading announces, from its first words; null when it names no known kind. */
export function sectionKindOf(heading: string): SectionKind | null {
  const text = normaliseHeading(heading);
  for (const [kind, names] of SECTION_KINDS) {
    if (names.some((name) => text === name || text.startsWith(`${name} `))) return kind;
  }
  return null;
}

/** "Step 3: Drain the node" is a step; "Diagnosis" is not. */
export function isNumberedStepHeading(heading: string): boolean {
  return /^\s*(?:step\s*\d+|\d+[.)])\s*/i.test(heading);
}

const SUMMARY_SECTIONS = /^(?:meaning|overview|summary|description|purpose|about|background|context)\b/i;

export function isSummarySection(heading: string): boolean {
  return SUMMARY_SECTIONS.test(normaliseHeading(heading));
}
