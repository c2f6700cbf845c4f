import type { KnownBlock } from '@slack/types';
import type { ChatMessageRef, ChatPort } from '../lib/chat.js';
import { type Clock, systemClock } from '../lib/clock.js';
import { errorMessage } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { createTailBuffer } from './output/tail-buffer.js';

/**
 * Shows a running step's latest output in its Slack message. Slack allows roughly one
 * update per message per second, so updates are coalesced: one leading update soon after
 * the first output, then at most one per `minIntervalMs` carrying the NEWEST tail. There is
 * never a backlog and never two calls in flight. Input must already be redacted (the
 * executor's onOutput chunks are).
 */

export interface OutputView {
  /** The last lines of output (maxTailLines / maxTailChars). */
  tail: string;
  /** Lines written before the tail and not shown; say so in the message. */
  truncatedLines: number;
  totalBytes: number;
  done: boolean;
  elapsedMs: number;
}

export type TimerHandle = unknown;

export interface OutputStreamerOptions {
  chat: ChatPort;
  ref: ChatMessageRef;
  render: (view: OutputView) => { text: string; blocks?: KnownBlock[] };
  clock?: Clock;
  minIntervalMs?: number;
  maxTailLines?: number;
  /** 2,800 leaves room for a code fence and a note in a 3,000-char section. */
  maxTailChars?: number;
  setTimer?: (fn: () => void, ms: number) => TimerHandle;
  clearTimer?: (handle: TimerHandle) => void;
  logger?: Logger;
}

export interface OutputStreamer {
  push(chunk: string): void;
  /** Sends the final state (done: true) exactly once, after any in-flight update. */
  finish(): Promise<void>;
  /**
   * Drops any pending progress update without sending another (the caller renders the
   * final state itself); resolves once an update already in flight has landed.
   */
  cancel(): Promise<void>;
}

export const DEFAULT_MIN_INTERVAL_MS = 1000;
export const DEFAULT_MAX_TAIL_LINES = 40;
export const DEFAULT_MAX_TAIL_CHARS = 2800;
/** After failed updates the interval doubles up to this, so a dead message is not hammered. */
export const MAX_BACKOFF_MS = 30_000;

/**
 * One message's coalescing state: what arrived since the last update, when that update
 * started, whether one is in flight, and the backoff after failures.
 */
class CoalescingStreamer implements OutputStreamer {
  private readonly clock: Clock;
  private readonly minInterval: number;
  private readonly setTimer: (fn: () => void, ms: number) => TimerHandle;
  private readonly clearTimer: (handle: TimerHandle) => void;
  private readonly tail: ReturnType<typeof createTailBuffer>;
  private readonly startedAt: number;
  private dirty = false; // output arrived since the last update started
  private lastStartAt: number | null = null;
  private failures = 0;
  private timer: TimerHandle | null = null;
  private inFlight = false;
  private finishing = false;
  private finalStarted = false;
  private resolveFinished!: () => void;
  private readonly finished = new Promise<void>((resolve) => {
    this.resolveFinished = resolve;
  });

  constructor(private readonly options: OutputStreamerOptions) {
    this.clock = options.clock ?? systemClock;
    this.minInterval = options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS;
    this.setTimer = options.setTimer ?? ((fn: () => void, ms: number): TimerHandle => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h: TimerHandle) => clearTimeout(h as NodeJS.Timeout));
    this.tail = createTailBuffer({
      maxLines: options.maxTailLines ?? DEFAULT_MAX_TAIL_LINES,
      maxChars: options.maxTailChars ?? DEFAULT_MAX_TAIL_CHARS,
    });
    this.startedAt = this.now();
  }

  push(chunk: string): void {
    if (this.finishing || chunk === '') return;
    this.tail.push(chunk);
    this.dirty = true;
    this.schedule();
  }

  finish(): Promise<void> {
    if (!this.finishing) {
      this.finishing = true;
      // replace any pending progress update with the final one (same interval rule)
      if (this.timer !== null) {
        this.clearTimer(this.timer);
        this.timer = null;
      }
      this.schedule();
    }
    return this.finished;
  }

  cancel(): Promise<void> {
    if (this.timer !== null) {
      this.clearTimer(this.timer);
      this.timer = null;
    }
    this.finishing = true;
    this.finalStarted = true;
    if (!this.inFlight) this.resolveFinished();
    return this.finished;
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  private delayUntilNext(): number {
    if (this.lastStartAt === null) return 0; // leading update: as soon as the current tick ends
    // after a failure: retry at the next interval, then 2×, 4× … up to MAX_BACKOFF_MS
    const backoff = this.finishing
      ? this.minInterval
      : Math.min(MAX_BACKOFF_MS, this.minInterval * 2 ** Math.max(0, this.failures - 1));
    // clamp: a wall clock stepping backwards must not stall updates for hours
    return Math.min(backoff, Math.max(0, this.lastStartAt + backoff - this.now()));
  }

  private schedule(): void {
    if (this.timer !== null || this.inFlight || this.finalStarted) return; // a running timer/update picks up the newest state
    if (!this.dirty && !this.finishing) return;
    this.timer = this.setTimer(() => this.fire(), this.delayUntilNext());
  }

  private async send(view: OutputView): Promise<boolean> {
    try {
      await this.options.chat.update(this.options.ref, this.options.render(view));
      return true;
    } catch (err) {
      this.options.logger?.warn(
        { err: errorMessage(err), channel: this.options.ref.channel, ts: this.options.ref.ts, final: view.done },
        'output stream: chat.update failed; will retry with newer output',
      );
      return false;
    }
  }

  private fire(): void {
    this.timer = null;
    const final = this.finishing;
    this.finalStarted = final;
    const view: OutputView = { ...this.tail.snapshot(), done: final, elapsedMs: this.now() - this.startedAt };
    this.dirty = false;
    this.lastStartAt = this.now();
    this.inFlight = true;
    void this.send(view).then((ok) => this.afterSend(ok, final));
  }

  private afterSend(ok: boolean, final: boolean): void {
    this.inFlight = false;
    this.failures = ok ? 0 : this.failures + 1;
    if (final || this.finalStarted) {
      this.resolveFinished(); // the final state is sent once, even if it failed
      return;
    }
    if (!ok) this.dirty = true; // show the newest state next time
    this.schedule();
  }
}

export function createOutputStreamer(options: OutputStreamerOptions): OutputStreamer {
  return new CoalescingStreamer(options);
}
