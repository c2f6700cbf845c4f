import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Starts a round only if no round holds the lock and none started within the pace: then
 * takes the lock (with our token, expiring if we die) and marks the pace (left to expire).
 */
const START = `
if redis.call('exists', KEYS[1]) == 1 or redis.call('exists', KEYS[2]) == 1 then return 0 end
redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('set', KEYS[2], ARGV[1], 'PX', ARGV[3])
return 1
`;
/** Extends the lease only while it still holds our token (an expired lease re-taken is not ours). */
const HOLD = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/** Deletes the lock only if it still holds our token. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface HomeRoundLock {
  /** A token when this process may run the round now; null when another holds it or one ran within `paceMs`. */
  tryStart(leaseMs: number, paceMs: number): Promise<string | null>;
  /** True (and the lease renewed) while the lock is still ours. */
  hold(token: string, leaseMs: number): Promise<boolean>;
  release(token: string): Promise<void>;
}

/**
 * One App Home refresh round at a time across every web process, and at most one round per
 * pace: the pace key outlives a quick round, so a second process ticking a moment later
 * finds it and waits, and all processes together spend one publish budget.
 */
export function createHomeRoundLock(redis: Redis, prefix: string): HomeRoundLock {
  const lockKey = `${prefix}:home:round-lock`;
  const paceKey = `${prefix}:home:round-pace`;
  return {
    async tryStart(leaseMs, paceMs) {
      const token = randomUUID();
      const started = await redis.eval(START, 2, lockKey, paceKey, token, String(leaseMs), String(paceMs));
      return Number(started) === 1 ? token : null;
    },
    async hold(token, leaseMs) {
      return Number(await redis.eval(HOLD, 1, lockKey, token, String(leaseMs))) === 1;
    },
    async release(token) {
      await redis.eval(RELEASE, 1, lockKey, token);
    },
  };
}
