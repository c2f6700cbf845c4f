import type { CompiledRunbook } from './types.js';

/** What a new version changes, for the author's preview, the reviewer and the audit log. */
export interface VersionDiff {
  /** One line per change, in words ("step 3 “Restart the pod”: command changed"). */
  lines: string[];
  summary: string;
  /** [before, after] when the trust level changed. */
  trustLevel: [number, number] | null;
  approversAdded: string[];
  approversRemoved: string[];
  /**
   * True when the change needs an admin: trust raised above its old level, approvers added,
   * or the runbook's approvers all removed (its steps then fall back to every holder of the
   * workspace's approver role: more people may approve them).
   */
  needsAdmin: boolean;
}

/** Pure: the previous version (or none, for a new runbook) against the new one. */
export function diffVersions(before: CompiledRunbook | null, after: CompiledRunbook): VersionDiff {
  const trustBefore = before?.metadata.trust_level ?? 0;
  const trustAfter = after.metadata.trust_level;
  const approversBefore = new Set(before?.metadata.approvers ?? []);
  const approversAfter = new Set(after.metadata.approvers);
  const approversAdded = [...approversAfter].filter((a) => !approversBefore.has(a));
  const approversRemoved = [...approversBefore].filter((a) => !approversAfter.has(a));
  const lines: string[] = [];
  if (!before) lines.push(`new runbook with ${after.steps.length} steps`);
  if (trustBefore !== trustAfter) lines.push(`trust level ${trustBefore} → ${trustAfter}`);
  if (approversAdded.length) lines.push(`approvers added: ${approversAdded.join(', ')}`);
  if (approversRemoved.length) lines.push(`approvers removed: ${approversRemoved.join(', ')}`);
  const alertsBefore = (before?.metadata.alerts ?? []).join(', ');
  const alertsAfter = after.metadata.alerts.join(', ');
  if (before && alertsBefore !== alertsAfter)
    lines.push(`alerts: ${alertsBefore || 'none'} → ${alertsAfter || 'none'}`);
  if (before) lines.push(...stepChanges(before, after));
  return {
    lines,
    summary: lines.length
      ? lines.slice(0, 3).join('; ') + (lines.length > 3 ? `; ${lines.length - 3} more` : '')
      : 'no change to steps or policy',
    trustLevel: trustBefore !== trustAfter ? [trustBefore, trustAfter] : null,
    approversAdded,
    approversRemoved,
    needsAdmin:
      trustAfter > trustBefore || approversAdded.length > 0 || (approversBefore.size > 0 && approversAfter.size === 0),
  };
}

function stepChanges(before: CompiledRunbook, after: CompiledRunbook): string[] {
  const lines: string[] = [];
  const count = Math.max(before.steps.length, after.steps.length);
  for (let i = 0; i < count; i++) {
    const old = before.steps[i];
    const now = after.steps[i];
    if (!old && now) lines.push(`step ${i + 1} “${now.title}” added`);
    else if (old && !now) lines.push(`step ${i + 1} “${old.title}” removed`);
    else if (old && now) {
      if ((old.command ?? '') !== (now.command ?? '')) lines.push(`step ${i + 1} “${now.title}”: command changed`);
      else if (old.title !== now.title) lines.push(`step ${i + 1} renamed “${old.title}” → “${now.title}”`);
      if ((old.rollback ?? '') !== (now.rollback ?? '')) lines.push(`step ${i + 1}: rollback changed`);
    }
  }
  return lines;
}
