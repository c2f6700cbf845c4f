import { describe, expect, it } from 'vitest';
import { renderOutputText, truncationNote } from '../../../../src/executions/output/render-text.js';

const view = { truncatedLines: 0, totalBytes: 0, done: false, elapsedMs: 0 };

describe('renderOutputText', () => {
  it('puts the tail in a code fence with a note about cut lines', () => {
    expect(renderOutputText({ ...view, tail: 'a\nb', truncatedLines: 4960 })).toBe(
      '… 4,960 earlier lines not shown\n```\na\nb\n```',
    );
    expect(truncationNote(1)).toBe('… 1 earlier line not shown');
    expect(truncationNote(0)).toBe('');
  });

  it('escapes mrkdwn, strips ANSI colours and defuses a ``` in the output', () => {
    expect(renderOutputText({ ...view, tail: '\u001b[31m<b>&</b>\u001b[0m ```' })).toBe(
      '```\n&lt;b&gt;&amp;&lt;/b&gt; `\u200b``\n```',
    );
  });

  it('says when there is no output yet, or none at all', () => {
    expect(renderOutputText({ ...view, tail: '' })).toBe('```\n(waiting for output…)\n```');
    expect(renderOutputText({ ...view, tail: '', done: true })).toBe('```\n(no output)\n```');
  });

  it('fits Slack’s 3,000-char section even when escaping lengthens the text', () => {
    const text = renderOutputText({ ...view, tail: `${'<'.repeat(2790)}END`, truncatedLines: 12 });
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text).toMatch(/^… 12 earlier lines not shown\n```\n…(&lt;)+END\n```$/);
  });
});
