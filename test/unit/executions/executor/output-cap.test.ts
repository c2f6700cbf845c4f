import { describe, expect, it } from 'vitest';
import { createOutputCap } from '../../../../src/executions/executor/output-cap.js';

describe('createOutputCap', () => {
  it('keeps everything when under the cap', () => {
    const cap = createOutputCap(100);
    cap.append('one\n');
    cap.append('two\n');
    expect(cap.result()).toEqual({ text: 'one\ntwo\n', truncated: false, omittedBytes: 0 });
  });

  it('keeps a quarter for the head, the rest for the tail, cut at line boundaries', () => {
    const cap = createOutputCap(400);
    for (let i = 1; i <= 1000; i++) cap.append(`line ${i}\n`);
    const { text, truncated, omittedBytes } = cap.result();
    expect(truncated).toBe(true);
    const [head, tail] = text.split(/… \[[\d,]+ bytes omitted\] …\n/);
    expect(head?.startsWith('line 1\nline 2\n')).toBe(true);
    expect(head?.endsWith('\n')).toBe(true);
    expect(Buffer.byteLength(head ?? '')).toBeLessThanOrEqual(100);
    expect(tail?.endsWith('line 999\nline 1000\n')).toBe(true);
    expect(tail?.startsWith('line ')).toBe(true);
    expect(Buffer.byteLength(tail ?? '')).toBeLessThanOrEqual(300);
    const total = Array.from({ length: 1000 }, (_, i) => `line ${i + 1}\n`).join('').length;
    expect(omittedBytes).toBe(total - Buffer.byteLength(head ?? '') - Buffer.byteLength(tail ?? ''));
    expect(text).toContain(`[${omittedBytes.toLocaleString('en-US')} bytes omitted]`);
  });

  it('never splits a multi-byte character when a single long line is cut', () => {
    const cap = createOutputCap(101);
    cap.append('é'.repeat(500)); // 1,000 bytes, no newline
    const { text } = cap.result();
    expect(text).not.toContain('\uFFFD');
    expect(text).toMatch(/^é+\n… \[[\d,]+ bytes omitted\] …\né+$/);
  });

  it('holds about cap bytes however much is appended', () => {
    const cap = createOutputCap(1024);
    const chunk = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 2000; i++) cap.append(chunk); // 131 MB through
    const { text, omittedBytes } = cap.result();
    expect(omittedBytes).toBe(2000 * 64 * 1024 - 1024);
    expect(Buffer.byteLength(text)).toBeLessThan(1024 + 60);
  });
});
