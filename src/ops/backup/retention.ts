/**
 * Grandfather-father-son retention, pure: keep the newest backup of each of the last N
 * days, N ISO weeks and N months (preferring a verified one within a period), and the
 * one rule that trumps every count: a backup is never pruned unless a newer verified
 * backup exists. Periods are UTC.
 */
export interface RetentionInput {
  id: string;
  createdAt: Date;
  verified: boolean;
  /** Its verification ran and failed: it never fills a retention slot. */
  failed: boolean;
}

export interface RetentionPlan {
  keep: Array<{ id: string; reasons: string[] }>;
  prune: Array<{ id: string; reason: string }>;
  /** Outside retention, but kept: nothing newer has been verified yet. */
  held: Array<{ id: string; reason: string }>;
}

export interface KeepCounts {
  daily: number;
  weekly: number;
  monthly: number;
}

export function planRetention(backups: readonly RetentionInput[], keep: KeepCounts): RetentionPlan {
  const newestFirst = [...backups].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const reasons = new Map<string, string[]>();
  const slots: Array<[keyof KeepCounts, (d: Date) => string]> = [
    ['daily', dayKey],
    ['weekly', isoWeekKey],
    ['monthly', monthKey],
  ];
  for (const [kind, periodOf] of slots) {
    for (const [period, chosen] of representatives(newestFirst, periodOf).slice(0, keep[kind])) {
      reasons.set(chosen.id, [...(reasons.get(chosen.id) ?? []), `${kind} ${period}`]);
    }
  }
  const plan: RetentionPlan = { keep: [], prune: [], held: [] };
  for (const b of newestFirst) {
    const newerVerified = newestFirst.some((o) => o.verified && o.createdAt.getTime() > b.createdAt.getTime());
    const why = reasons.get(b.id);
    if (why) plan.keep.push({ id: b.id, reasons: why });
    else if (!newerVerified) plan.held.push({ id: b.id, reason: 'no newer verified backup exists yet' });
    else plan.prune.push({ id: b.id, reason: b.failed ? 'failed verification' : 'outside the retention windows' });
  }
  return plan;
}

/** Per period, newest first: the newest verified backup of the period, else its newest. */
function representatives(
  newestFirst: readonly RetentionInput[],
  periodOf: (d: Date) => string,
): Array<[string, RetentionInput]> {
  const byPeriod = new Map<string, RetentionInput>();
  for (const b of newestFirst) {
    if (b.failed) continue;
    const period = periodOf(b.createdAt);
    const current = byPeriod.get(period);
    if (!current || (!current.verified && b.verified)) byPeriod.set(period, b);
  }
  return [...byPeriod.entries()];
}

const dayKey = (d: Date) => d.toISOString().slice(0, 10);
const monthKey = (d: Date) => d.toISOString().slice(0, 7);

/** ISO 8601 week: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeekKey(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
