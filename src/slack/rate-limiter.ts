import type { Redis } from 'ioredis';

/**
 * Spaces calls that share a key at least `intervalMs` apart, across every process: each
 * caller reserves the next free slot in Redis (one Lua call, Redis's own clock) and
 * waits until it. Slack allows about one message per second per channel; bursts wait
 * instead of earning a 429.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = math.max(now, nextFree)
redis.call('SET', KEYS[1], at + interval, 'PX', (at - now) + interval * 5)
return at - now
`;

export interface SlotLimiter {
  /** Resolves when the caller may go; never earlier than `intervalMs` after the previous holder. */
  acquire(key: string): Promise<number>;
}

export function createSlotLimiter(redis: Redis, options: { prefix: string; intervalMs: number }): SlotLimiter {
  return {
    async acquire(key) {
      const waitMs = Number(await redis.eval(RESERVE, 1, `${options.prefix}:slot:${key}`, String(options.intervalMs)));
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
      return waitMs;
    },
  };
}
