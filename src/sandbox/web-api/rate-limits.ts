const WINDOW_MS = 1000;

/**
 * Slack allows about one chat.postMessage per second per channel. The product promises at most
 * one, so every extra post inside a one-second window is answered with 429 (no burst allowance).
 */
export class PostRateLimiter {
  private readonly accepted = new Map<string, number[]>();

  constructor(private readonly postsPerSecond: number) {}

  /** Seconds the caller must wait (the Retry-After value), or 0 when the post may go through now. */
  retryAfterSeconds(channel: string, now: number): number {
    const recent = this.recent(channel, now);
    if (recent.length < this.postsPerSecond) return 0;
    const oldest = recent[0] ?? now;
    return Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
  }

  record(channel: string, now: number): void {
    this.recent(channel, now).push(now);
  }

  private recent(channel: string, now: number): number[] {
    const kept = (this.accepted.get(channel) ?? []).filter((t) => now - t < WINDOW_MS);
    this.accepted.set(channel, kept);
    return kept;
  }
}

/**
 * Slack does not reject a message edited twice in a second, but the product promises at most one
 * chat.update per second per message, so the sandbox counts each faster edit as a violation.
 */
export class UpdateRateTracker {
  private readonly lastUpdate = new Map<string, number>();

  /** Returns true when this update came less than a second after the previous one to the same message. */
  record(channel: string, ts: string, now: number): boolean {
    const key = `${channel}:${ts}`;
    const previous = this.lastUpdate.get(key);
    this.lastUpdate.set(key, now);
    return previous !== undefined && now - previous < WINDOW_MS;
  }
}
