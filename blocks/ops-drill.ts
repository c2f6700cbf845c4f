import type { KnownBlock } from '@slack/types';
import { type CheckView, checkLines } from './ops-backup.js';
import { duration } from './ops-format.js';
import { esc, mrkdwn } from './text.js';

/** Ops channel: a restore drill's result with RTO/RPO and how they moved. */
export interface DrillView {
  kind: 'quick' | 'full';
  ok: boolean;
  backupId: string | null;
  rtoMs: number | null;
  rpoMs: number | null;
  checks: CheckView[];
  phases: Record<string, number>;
  /** Earlier drills of the same kind, newest first. */
  previous: Array<{ startedAt: string; ok: boolean; rtoMs: number | null; rpoMs: number | null }>;
}

export function drillMessage(v: DrillView): { text: string; blocks: KnownBlock[] } {
  const name = v.kind === 'full' ? 'Full DR drill' : 'Quick restore drill';
  const text = v.ok
    ? `🧯 ${name} passed: RTO ${duration(v.rtoMs)}, RPO ${duration(v.rpoMs)}`
    : `🚨 ${name} FAILED${v.backupId ? ` on backup ${v.backupId}` : ''}`;
  const phases = Object.entries(v.phases)
    .map(([p, ms]) => `${esc(p)} ${duration(ms)}`)
    .join(' · ');
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(`*${esc(text)}*${phases ? `\n${phases}` : ''}`) },
      { type: 'section', text: mrkdwn(checkLines(v.checks)) },
      { type: 'context', elements: [mrkdwn(trend(v))] },
    ],
  };
}

function trend(v: DrillView): string {
  const last = v.previous.find((p) => p.ok && p.rtoMs !== null);
  if (!last) return `First ${v.kind} drill on record${v.backupId ? ` · backup ${esc(v.backupId)}` : ''}.`;
  const arrow = (now: number | null, before: number | null) =>
    now === null || before === null ? '' : now > before * 1.1 ? ' ↗' : now < before * 0.9 ? ' ↘' : ' →';
  const rtos = v.previous
    .slice(0, 5)
    .map((p) => (p.ok ? duration(p.rtoMs) : '✗'))
    .join(', ');
  return `Trend: RTO ${duration(v.rtoMs)}${arrow(v.rtoMs, last.rtoMs)} (before: ${rtos}) · RPO ${duration(v.rpoMs)}${arrow(v.rpoMs, last.rpoMs)} (last: ${duration(last.rpoMs)})`;
}
