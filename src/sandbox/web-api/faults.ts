import { SlackApiError } from './errors.js';

/**
 * Fault injection: Slack is sometimes slow to accept (429 with Retry-After) and sometimes
 * fails outright (5xx). Off by default; a test or the soak turns it on. A fault is drawn
 * before the method runs, so a refused call changed nothing (as with Slack's own 429s);
 * `lostResponse5xx` answers 5xx *after* the call took effect, like a gateway that timed
 * out on a request Slack had already handled.
 */
export interface FaultSpec {
  /** Share of matching calls answered 429 (0–1). */
  rateLimit?: number;
  /** Share of matching calls answered 5xx before running (0–1). */
  serverError?: number;
  /** Share of matching calls that run, then are answered 5xx (0–1). */
  lostResponse5xx?: number;
  retryAfterSeconds?: number;
  /** Method names or prefixes ending in `.` (default: chat. and views.). */
  methods?: string[];
}

export interface FaultStats {
  rateLimited: number;
  serverErrors: number;
  lostResponses: number;
}

export type FaultDraw = 'rate_limit' | 'server_error' | 'lost_response' | null;

export class FaultInjector {
  private spec: FaultSpec = {};
  readonly stats: FaultStats = { rateLimited: 0, serverErrors: 0, lostResponses: 0 };

  configure(spec: FaultSpec): void {
    this.spec = { ...spec };
  }

  current(): FaultSpec {
    return { ...this.spec };
  }

  draw(method: string, random: () => number = Math.random): FaultDraw {
    const methods = this.spec.methods ?? ['chat.', 'views.'];
    if (!methods.some((m) => (m.endsWith('.') ? method.startsWith(m) : method === m))) return null;
    const r = random();
    const limit = this.spec.rateLimit ?? 0;
    const error = limit + (this.spec.serverError ?? 0);
    const lost = error + (this.spec.lostResponse5xx ?? 0);
    if (r < limit) return 'rate_limit';
    if (r < error) return 'server_error';
    if (r < lost) return 'lost_response';
    return null;
  }

  /** The error for a drawn fault, counted. */
  error(draw: Exclude<FaultDraw, null>): SlackApiError {
    if (draw === 'rate_limit') {
      this.stats.rateLimited += 1;
      const after = String(this.spec.retryAfterSeconds ?? 1);
      return new SlackApiError('ratelimited', {}, 429, { 'Retry-After': after });
    }
    if (draw === 'server_error') this.stats.serverErrors += 1;
    else this.stats.lostResponses += 1;
    return new SlackApiError('internal_error', {}, 503);
  }
}
