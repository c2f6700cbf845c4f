import { describe, expect, it } from 'vitest';
import { createTailBuffer } from '../../../../src/executions/output/tail-buffer.js';

describe('createTailBuffer', () => {
  it('shows the last maxLines lines and counts the rest', () => {
    const t = createTailBuffer({ maxLines: 3, maxChars: 1000 });
    t.push('one\ntwo\nthr');
    t.push('ee\nfour\nfive');
    expect(t.snapshot()).toEqual({ tail: 'three\nfour\nfive', truncatedLines: 2, totalBytes: 23 });
  });

  it('respects the character budget by dropping whole older lines', () => {
    const t = createTailBuffer({ maxLines: 40, maxChars: 12 });
    t.push('aaaa\nbbbb\ncccc\ndddd\n');
    expect(t.snapshot()).toMatchObject({ tail: 'cccc\ndddd', truncatedLines: 2 });
  });

  it('shows the end of a single line that is longer than the budget, marked as cut', () => {
    const t = createTailBuffer({ maxLines: 40, maxChars: 10 });
    t.push(`${'x'.repeat(50)}END\n`);
    const { tail, truncatedLines } = t.snapshot();
    expect(tail).toBe(`…${'x'.repeat(6)}END`);
    expect(truncatedLines).toBe(0);
  });

  it('shows only the last redraw of a carriage-return progress line', () => {
    const t = createTailBuffer({ maxLines: 5, maxChars: 100 });
    t.push('start\r\n10%\r50%\r');
    t.push('90%');
    expect(t.snapshot().tail).toBe('start\n90%');
  });

  it('stays bounded for a stream without newlines', () => {
    const t = createTailBuffer({ maxLines: 5, maxChars: 100 });
    for (let i = 0; i < 10_000; i++) t.push('y'.repeat(1000));
    const snap = t.snapshot();
    expect(snap.tail.length).toBeLessThanOrEqual(100);
    expect(snap.totalBytes).toBe(10_000_000);
  });
});
