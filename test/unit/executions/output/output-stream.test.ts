import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderOutputText } from '../../../../src/executions/output/render-text.js';
import { createOutputStreamer, type OutputView } from '../../../../src/executions/output-stream.js';
import type { ChatMessage, ChatMessageRef, ChatPort } from '../../../../src/lib/chat.js';
import type { Logger } from '../../../../src/lib/logger.js';

interface UpdateCall {
  at: number;
  text: string;
}

/** A ChatPort whose update() records its start time and can be slow or fail. */
function fakeChat(options: { latencyMs?: number; fail?: (callIndex: number) => boolean } = {}) {
  const calls: UpdateCall[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const chat: ChatPort = {
    post: async () => ({ channel: 'C1', ts: '1.0' }),
    findPosted: async () => null,
    postEphemeral: async () => {},
    async update(_ref: ChatMessageRef, message: Omit<ChatMessage, 'channel' | 'threadTs'>) {
      const index = calls.length;
      calls.push({ at: Date.now(), text: message.text });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
        if (options.fail?.(index)) throw new Error('ratelimited');
      } finally {
        inFlight--;
      }
    },
  };
  return { chat, calls, maxInFlight: () => maxInFlight };
}

const ref = { channel: 'C1', ts: '1700000000.000100' };
const render = (view: OutputView) => ({
  text: `${view.done ? 'DONE' : 'RUNNING'} ${view.totalBytes}B\n${renderOutputText(view)}`,
});

function gaps(calls: UpdateCall[]): number[] {
  return calls.slice(1).map((c, i) => c.at - (calls[i]?.at ?? 0));
}

function fakeLogger() {
  const warn = vi.fn();
  return { logger: { warn } as unknown as Logger, warn };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createOutputStreamer', () => {
  it('coalesces 5,000 lines over 10 s into about one update a second, ending with the final tail', async () => {
    const { chat, calls, maxInFlight } = fakeChat({ latencyMs: 50 });
    const s = createOutputStreamer({ chat, ref, render });
    for (let i = 1; i <= 5000; i++) {
      s.push(`line ${i}\n`);
      await vi.advanceTimersByTimeAsync(2);
    }
    const finished = s.finish();
    await vi.advanceTimersByTimeAsync(2000);
    await finished;

    expect(calls.length).toBeGreaterThanOrEqual(10);
    expect(calls.length).toBeLessThanOrEqual(12);
    for (const gap of gaps(calls)) expect(gap).toBeGreaterThanOrEqual(1000);
    expect(maxInFlight()).toBe(1);
    expect(calls[0]?.at).toBeLessThan(Date.parse('2026-01-01T00:00:00Z') + 50); // leading update
    const last = calls.at(-1)!.text;
    expect(last.startsWith('DONE')).toBe(true);
    expect(last).toContain('… 4,960 earlier lines not shown');
    expect(last).toContain('line 4961\n');
    expect(last).toContain('line 5000\n```');
    expect(last).not.toContain('line 4960\n');
    // intermediate updates show the newest output at their time, not a backlog
    expect(calls[5]?.text).toMatch(/line (249\d|250\d)\n```/);
  });

  it('never overlaps calls when chat.update is slow (1.5 s), sending only the newest state', async () => {
    const { chat, calls, maxInFlight } = fakeChat({ latencyMs: 1500 });
    const s = createOutputStreamer({ chat, ref, render });
    for (let i = 1; i <= 600; i++) {
      s.push(`tick ${i}\n`);
      await vi.advanceTimersByTimeAsync(10);
    }
    const finished = s.finish();
    await vi.advanceTimersByTimeAsync(5000);
    await finished;

    expect(maxInFlight()).toBe(1);
    for (const gap of gaps(calls)) expect(gap).toBeGreaterThanOrEqual(1500);
    // 6 s of output at 1.5 s per call: ~4 progress updates + the final one, no backlog
    expect(calls.length).toBeLessThanOrEqual(6);
    expect(calls.at(-1)?.text).toContain('tick 600\n```');
    expect(calls.at(-1)?.text.startsWith('DONE')).toBe(true);
  });

  it('sends one final "no output" update when nothing was pushed', async () => {
    const { chat, calls } = fakeChat();
    const s = createOutputStreamer({ chat, ref, render });
    const finished = s.finish();
    await vi.advanceTimersByTimeAsync(0);
    await finished;
    expect(calls).toHaveLength(1);
    expect(calls[0]?.text).toBe('DONE 0B\n```\n(no output)\n```');
  });

  it('waits out the interval before the final update instead of violating it', async () => {
    const { chat, calls } = fakeChat();
    const s = createOutputStreamer({ chat, ref, render });
    s.push('first\n');
    await vi.advanceTimersByTimeAsync(300);
    s.push('second\n');
    const finished = s.finish();
    await vi.advanceTimersByTimeAsync(699);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await finished;
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBe(1000);
    expect(calls[1]?.text).toContain('first\nsecond\n```');
  });

  it('cancel() drops the pending update and sends nothing more, after an update in flight lands', async () => {
    const { chat, calls } = fakeChat({ latencyMs: 300 });
    const s = createOutputStreamer({ chat, ref, render });
    s.push('first\n');
    await vi.advanceTimersByTimeAsync(10); // the leading update starts and is in flight
    s.push('second\n'); // would be the next update, a second later
    const cancelled = s.cancel();
    await vi.advanceTimersByTimeAsync(3000);
    await cancelled;
    s.push('third\n');
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.text).toMatch(/^RUNNING 6B\n[\s\S]*first/);
    expect(calls[0]!.text).not.toContain('second');
  });

  it('finish() is idempotent and push() after it is ignored', async () => {
    const { chat, calls } = fakeChat();
    const s = createOutputStreamer({ chat, ref, render });
    s.push('only\n');
    const a = s.finish();
    const b = s.finish();
    s.push('too late\n');
    await vi.advanceTimersByTimeAsync(3000);
    await Promise.all([a, b]);
    expect(a).toBe(b);
    expect(calls.filter((c) => c.text.startsWith('DONE'))).toHaveLength(1);
    expect(calls.map((c) => c.text).join('')).not.toContain('too late');
  });

  it('logs failed updates, keeps going, and shows the newest output once chat recovers', async () => {
    const { chat, calls } = fakeChat({ fail: (i) => i < 2 });
    const { logger, warn } = fakeLogger();
    const s = createOutputStreamer({ chat, ref, render, logger });
    s.push('a\n');
    await vi.advanceTimersByTimeAsync(10);
    s.push('b\n');
    // failures back off: 1 s, then 2 s; no new output is needed for the retry
    await vi.advanceTimersByTimeAsync(5000);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(calls).toHaveLength(3);
    expect(gaps(calls)).toEqual([1000, 2000]);
    expect(calls[2]?.text).toContain('a\nb\n```');
    const finished = s.finish();
    await vi.advanceTimersByTimeAsync(1000);
    await finished;
    expect(calls).toHaveLength(4);
  });

  it('does not spin against a chat that always fails, and finish() still resolves', async () => {
    const { chat, calls } = fakeChat({ fail: () => true });
    const { logger, warn } = fakeLogger();
    const s = createOutputStreamer({ chat, ref, render, logger });
    for (let i = 0; i < 600; i++) {
      s.push(`x ${i}\n`);
      await vi.advanceTimersByTimeAsync(100);
    }
    // 60 s of output: backoff 1, 2, 4, 8, 16, 30, 30 s … → about 7 attempts, not 60
    expect(calls.length).toBeLessThanOrEqual(8);
    const finished = s.finish();
    await vi.advanceTimersByTimeAsync(2000);
    await finished;
    expect(calls.at(-1)?.text.startsWith('DONE')).toBe(true);
    expect(warn).toHaveBeenCalledTimes(calls.length);
  });

  it('treats a render error like a failed update', async () => {
    const { chat, calls } = fakeChat();
    const { logger, warn } = fakeLogger();
    let broken = true;
    const s = createOutputStreamer({
      chat,
      ref,
      logger,
      render: (v) => {
        if (broken) throw new Error('bad blocks');
        return render(v);
      },
    });
    s.push('x\n');
    await vi.advanceTimersByTimeAsync(10);
    expect(warn).toHaveBeenCalledTimes(1);
    broken = false;
    const finished = s.finish();
    await vi.advanceTimersByTimeAsync(1000);
    await finished;
    expect(calls).toHaveLength(1);
    expect(calls[0]?.text).toContain('x\n```');
  });

  it('keeps updating when the wall clock steps backwards', async () => {
    const { chat, calls } = fakeChat();
    const s = createOutputStreamer({ chat, ref, render });
    s.push('a\n');
    await vi.advanceTimersByTimeAsync(10);
    vi.setSystemTime(new Date('2025-12-31T23:00:00Z')); // an hour back
    s.push('b\n');
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(2);
  });

  it('uses injected timers and clock', async () => {
    vi.useRealTimers();
    const { chat, calls } = fakeChat();
    const pending: Array<{ fn: () => void; ms: number }> = [];
    const s = createOutputStreamer({
      chat,
      ref,
      render,
      clock: { now: () => new Date(0) },
      setTimer: (fn, ms) => pending.push({ fn, ms }),
      clearTimer: () => {},
    });
    s.push('a\n');
    expect(pending).toEqual([{ fn: expect.any(Function), ms: 0 }]);
    pending.shift()?.fn();
    await Promise.resolve();
    await Promise.resolve();
    s.push('b\n');
    expect(pending.at(-1)?.ms).toBe(1000);
    expect(calls).toHaveLength(1);
  });
});
