import { describe, expect, it } from 'vitest';
import { humanDuration, meansLine, timesLine } from '../../../blocks/durations.js';

describe('durations as an on-call engineer reads them', () => {
  it.each([
    [0, '0s'],
    [44_600, '45s'],
    [12 * 60_000, '12m'],
    [125 * 60_000, '2h 5m'],
    [3 * 3_600_000, '3h'],
    [76 * 3_600_000, '3d 4h'],
  ])('%i ms → %s', (ms, text) => expect(humanDuration(ms)).toBe(text));

  it('names the marks an incident did not reach', () => {
    expect(timesLine({ acknowledgeMs: 180_000, mitigateMs: null, resolveMs: 1_200_000 })).toBe(
      'acknowledged after 3m · not mitigated · resolved after 20m',
    );
    expect(meansLine({ acknowledgeMs: 60_000, mitigateMs: null, resolveMs: 600_000, incidents: 2 })).toBe(
      'MTTA 1m · to mitigate – · MTTR 10m over 2 incidents',
    );
  });
});
