import { describe, expect, it } from 'vitest';
import { budgetRemaining, burnRate, burnStatus, type WindowedSli } from '../../../src/ops/slo/burn-rate.js';

const sli = (good: number, total: number) => ({ good, total });
const calm: WindowedSli = {
  short_fast: sli(10, 10),
  long_fast: sli(100, 100),
  short_slow: sli(50, 50),
  long_slow: sli(600, 600),
  budget: sli(10_000, 10_000),
};

describe('burn rates', () => {
  it('is the error rate over the allowed error rate', () => {
    expect(burnRate(sli(90, 100), 0.99)).toBeCloseTo(10);
    expect(burnRate(sli(0, 0), 0.99)).toBe(0);
  });

  it('pages only when both the long and the short window burn fast', () => {
    expect(burnStatus(calm, 0.99)).toBe('ok');
    const spike = { ...calm, short_fast: sli(5, 10) };
    expect(burnStatus(spike, 0.99)).toBe('ok');
    const burning = { ...calm, short_fast: sli(5, 10), long_fast: sli(80, 100) };
    expect(burnStatus(burning, 0.99)).toBe('fast_burn');
    // The fire is out: the last 5 minutes are clean, so the page stops though the hour still looks bad.
    expect(burnStatus({ ...burning, short_fast: sli(10, 10) }, 0.99)).toBe('ok');
  });

  it('warns on a slow burn over 6 hours and 30 minutes', () => {
    expect(burnStatus({ ...calm, short_slow: sli(46, 50), long_slow: sli(560, 600) }, 0.99)).toBe('slow_burn');
  });

  it('needs enough events to say anything', () => {
    expect(burnStatus({ ...calm, short_fast: sli(0, 1), long_fast: sli(0, 4) }, 0.99)).toBe('ok');
  });

  it('reports the budget left', () => {
    expect(budgetRemaining(sli(995, 1000), 0.99)).toBeCloseTo(0.5);
    expect(budgetRemaining(sli(0, 0), 0.99)).toBe(1);
  });
});
