import { describe, expect, it } from 'vitest';
import { nextStatus } from '../../../src/alerts/lifecycle.js';

const AT = new Date('2026-12-06T08:00:00Z');
const EARLIER = new Date('2026-12-06T07:50:00Z');

describe('an incident status under deliveries that come at least once and sometimes late', () => {
  it.each([
    ['triggered', 'acknowledged', 'acknowledged', { status: 'acknowledged', acknowledgedAt: AT }],
    ['triggered', 'resolved', 'resolved', { status: 'resolved', resolvedAt: AT }],
    ['acknowledged', 'resolved', 'resolved', { status: 'resolved', resolvedAt: AT }],
    ['resolved', 'reopened', 'reopened', { status: 'triggered', resolvedAt: null, reopened: true }],
    ['resolved', 'triggered', 'reopened', { status: 'triggered', resolvedAt: null, reopened: true }],
    ['triggered', 'triggered', 'joined', null],
    ['acknowledged', 'acknowledged', 'none', null],
    ['resolved', 'resolved', 'none', null],
    ['resolved', 'acknowledged', 'none', null],
    ['triggered', 'reopened', 'none', null],
    ['acknowledged', 'updated', 'updated', null],
    ['acknowledged', 'unacknowledged', 'unacknowledged', { status: 'triggered' }],
    ['triggered', 'unacknowledged', 'none', null],
    ['resolved', 'unacknowledged', 'none', null],
  ] as const)('%s + %s → %s', (status, lifecycle, change, patch) => {
    expect(nextStatus({ status, acknowledgedAt: null }, lifecycle, AT)).toEqual({ change, patch });
  });

  it('an acknowledgement taken back lets the next one be told', () => {
    const back = nextStatus({ status: 'acknowledged', acknowledgedAt: EARLIER }, 'unacknowledged', AT);
    expect(back.patch).toEqual({ status: 'triggered' }); // the first acknowledgement time stays
    expect(nextStatus({ status: 'triggered', acknowledgedAt: EARLIER }, 'acknowledged', AT).change).toBe(
      'acknowledged',
    );
  });

  it('keeps the first acknowledgement time (MTTA counts the first one)', () => {
    expect(nextStatus({ status: 'triggered', acknowledgedAt: EARLIER }, 'acknowledged', AT).patch).toEqual({
      status: 'acknowledged',
      acknowledgedAt: EARLIER,
    });
  });
});
