import type { StepGroup } from '../types.js';
import type { HeadingInfo, StepDraft } from './draft.js';

/**
 * Headings as groups of steps: a section and its sub-headings, so thirty steps under one
 * section still read as the handful of tasks the author wrote. Only headings that hold a
 * step (directly or below) become groups; ids follow document order.
 */
export function buildGroups(
  headings: readonly HeadingInfo[],
  drafts: readonly StepDraft[],
  ids: readonly string[],
): { groups: StepGroup[]; groupOf: Array<string | null> } {
  const byHeading = new Map(headings.map((h) => [h.id, h]));
  const wanted = new Set<string>();
  for (const draft of drafts) for (const id of draft.headingIds) wanted.add(id);
  const groupId = new Map<string, string>();
  const groups: StepGroup[] = [];
  for (const heading of headings) {
    if (!wanted.has(heading.id)) continue;
    const id = `g${groups.length + 1}`;
    groupId.set(heading.id, id);
    groups.push({
      id,
      title: heading.text,
      depth: heading.depth,
      parentId: parentGroup(heading, byHeading, groupId),
      stepIds: [],
    });
  }
  const byId = new Map(groups.map((g) => [g.id, g]));
  const groupOf = drafts.map((draft, index) => {
    const innermost = draft.headingIds.at(-1);
    const id = innermost ? (groupId.get(innermost) ?? null) : null;
    if (id) byId.get(id)!.stepIds.push(ids[index]!);
    return id;
  });
  return { groups, groupOf };
}

function parentGroup(
  heading: HeadingInfo,
  byHeading: Map<string, HeadingInfo>,
  groupId: Map<string, string>,
): string | null {
  for (let parent = heading.parentId; parent; parent = byHeading.get(parent)?.parentId ?? null) {
    const id = groupId.get(parent);
    if (id) return id;
  }
  return null;
}
