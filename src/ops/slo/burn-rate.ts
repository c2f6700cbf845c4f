import type { Sli } from './indicators.js';

/**
 * Multi-window, multi-burn-rate alerting (the Google SRE workbook's recipe): page when the
 * budget burns 14.4× too fast over both the last hour and the last 5 minutes (2% of a
 * 30-day budget in an hour), and warn at 6× over both 6 hours and 30 minutes. The short
 * window makes the alert stop soon after the burning stops.
 */
export const WINDOWS = { short_fast: 5, long_fast: 60, short_slow: 30, long_slow: 360 } as const; // minutes
export const FAST_BURN = 14.4;
export const SLOW_BURN = 6;
/** Fewer events than this in the long window prove nothing either way. */
export const MIN_EVENTS = 5;

export type BurnStatus = 'ok' | 'slow_burn' | 'fast_burn';

export interface WindowedSli {
  short_fast: Sli;
  long_fast: Sli;
  short_slow: Sli;
  long_slow: Sli;
  /** The whole SLO window: how much of the error budget is left. */
  budget: Sli;
}

export function burnRate(sli: Sli, target: number): number {
  if (sli.total === 0) return 0;
  return (1 - sli.good / sli.total) / (1 - target);
}

export function burnStatus(w: WindowedSli, target: number): BurnStatus {
  const fast =
    w.long_fast.total >= MIN_EVENTS &&
    burnRate(w.long_fast, target) >= FAST_BURN &&
    burnRate(w.short_fast, target) >= FAST_BURN;
  if (fast) return 'fast_burn';
  const slow =
    w.long_slow.total >= MIN_EVENTS &&
    burnRate(w.long_slow, target) >= SLOW_BURN &&
    burnRate(w.short_slow, target) >= SLOW_BURN;
  return slow ? 'slow_burn' : 'ok';
}

/** Share of the error budget left over the SLO window (1 = untouched, < 0 = overspent). */
export function budgetRemaining(budget: Sli, target: number): number {
  if (budget.total === 0) return 1;
  const allowed = (1 - target) * budget.total;
  return 1 - (budget.total - budget.good) / allowed;
}
