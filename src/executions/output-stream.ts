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
}

export const DEFAULT_MIN_INTERVAL_MS = 1000;
export const DEFAULT_MAX_TAIL_LINES = 40;
export const DEFAULT_MAX_TAIL_CHARS = 2800;
/** After failed updates the interval doubles up to this, so a dead message is not hammered. */
export const MAX_BACKOFF_MS = 30_000;

export function createOutputStreamer(options: OutputStreamerOptions): OutputStreamer {
  const clock = options.clock ?? systemClock;
  const minInterval = options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS;
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number): TimerHandle => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h: TimerHandle) => clearTimeout(h as NodeJS.Timeout));
  const tail = createTailBuffer({
    maxLines: options.maxTailLines ?? DEFAULT_MAX_TAIL_LINES,
    maxChars: options.maxTailChars ?? DEFAULT_MAX_TAIL_CHARS,
  });
  const now = (): number => clock.now().getTime();
  const startedAt = now();

  let dirty = false; // output arrived since the last update started
  let lastStartAt: number | null = null;
  let failures = 0;
  let timer: TimerHandle | null = null;
  let inFlight = false;
  let finishing = false;
  let finalStarted = false;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((resolve) => {
    resolveFinished = resolve;
  });

  const delayUntilNext = (): number => {
    if (lastStartAt === null) return 0; // leading update: as soon as the current tick ends
    // after a failure: retry at the next interval, then 2×, 4× … up to MAX_BACKOFF_MS
    const backoff = finishing ? minInterval : Math.min(MAX_BACKOFF_MS, minInterval * 2 ** Math.max(0, failures - 1));
    // clamp: a wall clock stepping backwards must not stall updates for hours
    return Math.min(backoff, Math.max(0, lastStartAt + backoff - now()));
  };

  const schedule = (): void => {
    if (timer !== null || inFlight || finalStarted) return; // a running timer/update picks up the newest state
    if (!dirty && !finishing) return;
    timer = setTimer(fire, delayUntilNext());
  };

  const send = async (view: OutputView): Promise<boolean> => {
    try {
      await options.chat.update(options.ref, options.render(view));
      return true;
    } catch (err) {
      options.logger?.warn(
        { err: errorMessage(err), channel: options.ref.channel, ts: options.ref.ts, final: view.done },
        'output stream: chat.update failed; will retry with newer output',
      );
      return false;
    }
  };

  function fire(): void {
    timer = null;
    const final = finishing;
    finalStarted = final;
    const view: OutputView = { ...tail.snapshot(), done: final, elapsedMs: now() - startedAt };
    dirty = false;
    lastStartAt = now();
    inFlight = true;
    void send(view).then((ok) => {
      inFlight = false;
      failures = ok ? 0 : failures + 1;
      if (final) {
        resolveFinished(); // the final state is sent once, even if it failed
        return;
      }
      if (!ok) dirty = true; // show the newest state next time
      schedule();
    });
  }

  return {
    push(chunk) {
      if (finishing || chunk === '') return;
      tail.push(chunk);
      dirty = true;
      schedule();
    },
    finish() {
      if (!finishing) {
        finishing = true;
        // replace any pending progress update with the final one (same interval rule)
        if (timer !== null) {
          clearTimer(timer);
          timer = null;
        }
        schedule();
      }
      return finished;
    },
  };
}
