import { describe, expect, it } from 'vitest';
import { parseMrkdwn } from '../../../src/sandbox/web/mrkdwn.js';
import { formatSlackDate } from '../../../src/sandbox/web/slack-date.js';

// Dates are built in local time, so the expectations hold in any time zone, as in Slack.
const at = (y: number, m: number, d: number, h: number, min: number, s = 0) =>
  new Date(y, m - 1, d, h, min, s).getTime() / 1000;
const NOW = new Date(2026, 11, 6, 12, 0, 0);

describe('<!date^…> on the sandbox page, as Slack shows it', () => {
  it('parses the date, its format, its link and the fallback', () => {
    expect(parseMrkdwn('closes <!date^1765000000^{date_short_pretty} {time}|2025-12-06T05:46:40.000Z>')).toEqual([
      { t: 'text', v: 'closes ' },
      {
        t: 'date',
        ts: '1765000000',
        format: '{date_short_pretty} {time}',
        url: undefined,
        fallback: '2025-12-06T05:46:40.000Z',
      },
    ]);
    expect(parseMrkdwn('<!date^1765000000^{date}^https://x.test/?a=1&amp;b=2|Dec 6>')[0]).toMatchObject({
      url: 'https://x.test/?a=1&b=2',
    });
  });

  it('shows the local time, with Today/Yesterday/Tomorrow for the pretty formats', () => {
    expect(formatSlackDate(at(2026, 12, 6, 9, 5), '{date_short_pretty} {time}', NOW)).toBe('Today 9:05 AM');
    expect(formatSlackDate(at(2026, 12, 5, 21, 30), '{date_pretty} at {time_secs}', NOW)).toBe(
      'Yesterday at 9:30:00 PM',
    );
    expect(formatSlackDate(at(2026, 12, 7, 8, 0), '{date_long_pretty}', NOW)).toBe('Tomorrow');
    expect(formatSlackDate(at(2026, 11, 2, 14, 7), '{date_short_pretty} {time}', NOW)).toBe('Nov 2, 2026 2:07 PM');
  });

  it('knows every other token Slack documents', () => {
    const ts = at(2026, 11, 23, 6, 39, 42);
    expect(formatSlackDate(ts, '{date_num}|{date}|{date_short}|{date_long}', NOW)).toBe(
      '2026-11-23|November 23rd, 2026|Nov 23, 2026|Monday, November 23rd, 2026',
    );
    expect(formatSlackDate(at(2026, 12, 6, 11, 57), '{ago}', NOW)).toBe('3 minutes ago');
    expect(formatSlackDate(at(2026, 12, 6, 14, 0), '{ago}', NOW)).toBe('in 2 hours');
    expect(formatSlackDate(ts, '{unknown}', NOW)).toBe('{unknown}');
  });

  it('falls back when the timestamp is not a number', () => {
    expect(formatSlackDate('soon', '{time}', NOW)).toBeNull();
  });
});
