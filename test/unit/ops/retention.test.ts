import { describe, expect, it } from 'vitest';
import { isoWeekKey, planRetention, type RetentionInput } from '../../../src/ops/backup/retention.js';

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);

/** One backup a day at 02:30 UTC for `days` days up to `last`, all verified unless listed. */
function daily(last: string, days: number, unverified: string[] = []): RetentionInput[] {
  return Array.from({ length: days }, (_, i) => {
    const createdAt = new Date(at(last).getTime() - i * DAY);
    const id = createdAt.toISOString().slice(0, 10);
    return { id, createdAt, verified: !unverified.includes(id), failed: false };
  });
}

describe('planRetention', () => {
  it('keeps N daily, N weekly (newest of each ISO week) and N monthly backups, and prunes the rest', () => {
    const plan = planRetention(daily('2026-12-06T02:30:00Z', 120), { daily: 3, weekly: 2, monthly: 3 });
    expect(plan.keep.map((k) => [k.id, k.reasons])).toEqual([
      ['2026-12-06', ['daily 2026-12-06', 'weekly 2026-W49', 'monthly 2026-12']],
      ['2026-12-05', ['daily 2026-12-05']],
      ['2026-12-04', ['daily 2026-12-04']],
      ['2026-11-30', ['monthly 2026-11']],
      // 2026-11-30 is a Monday: ISO week 49 runs from it to Sunday 2026-12-06.
      ['2026-11-29', ['weekly 2026-W48']],
      ['2026-10-31', ['monthly 2026-10']],
    ]);
    expect(plan.prune).toHaveLength(114);
    expect(plan.held).toEqual([]);
  });

  it('never prunes a backup unless a newer one was verified', () => {
    const backups = daily('2026-12-06T02:30:00Z', 10, [
      '2026-12-06',
      '2026-12-05',
      '2026-12-04',
      '2026-12-03',
      '2026-12-02',
      '2026-12-01',
    ]);
    const plan = planRetention(backups, { daily: 1, weekly: 0, monthly: 0 });
    expect(plan.keep.map((k) => k.id)).toEqual(['2026-12-06']);
    // 2026-11-30 is the newest verified one: it and everything newer stay.
    expect(plan.held.map((h) => h.id)).toEqual([
      '2026-12-05',
      '2026-12-04',
      '2026-12-03',
      '2026-12-02',
      '2026-12-01',
      '2026-11-30',
    ]);
    expect(plan.prune.map((p) => p.id)).toEqual(['2026-11-29', '2026-11-28', '2026-11-27']);
  });

  it('prefers a verified backup within a period, and a failed one never fills a slot', () => {
    const backups: RetentionInput[] = [
      { id: 'late', createdAt: at('2026-12-06T20:00:00Z'), verified: false, failed: true },
      { id: 'noon', createdAt: at('2026-12-06T12:00:00Z'), verified: false, failed: false },
      { id: 'night', createdAt: at('2026-12-06T02:30:00Z'), verified: true, failed: false },
    ];
    const plan = planRetention(backups, { daily: 1, weekly: 0, monthly: 0 });
    expect(plan.keep.map((k) => k.id)).toEqual(['night']);
    expect(plan.held.map((h) => h.id)).toEqual(['late', 'noon']);
  });

  it('numbers ISO weeks across the turn of the year', () => {
    expect(isoWeekKey(at('2026-12-31T12:00:00Z'))).toBe('2026-W53');
    expect(isoWeekKey(at('2027-01-03T12:00:00Z'))).toBe('2026-W53');
    expect(isoWeekKey(at('2027-01-04T12:00:00Z'))).toBe('2027-W01');
  });
});
