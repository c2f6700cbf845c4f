/** A duration as an on-call engineer says it: "45s", "12m", "2h 5m", "3d 4h". */
export function humanDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

export interface IncidentTimesView {
  acknowledgeMs: number | null;
  mitigateMs: number | null;
  resolveMs: number | null;
}

/** "acknowledged after 3m · mitigated after 12m · resolved after 20m" (marks not reached are said so). */
export function timesLine(t: IncidentTimesView): string {
  const part = (label: string, ms: number | null) =>
    ms === null ? `not ${label}` : `${label} after ${humanDuration(ms)}`;
  return [part('acknowledged', t.acknowledgeMs), part('mitigated', t.mitigateMs), part('resolved', t.resolveMs)].join(
    ' · ',
  );
}

/** "MTTA 3m · mitigate 12m · MTTR 20m over 4 incidents" */
export function meansLine(row: IncidentTimesView & { incidents: number }): string {
  const v = (ms: number | null) => (ms === null ? '–' : humanDuration(ms));
  return `MTTA ${v(row.acknowledgeMs)} · to mitigate ${v(row.mitigateMs)} · MTTR ${v(row.resolveMs)} over ${row.incidents} incident${row.incidents === 1 ? '' : 's'}`;
}
