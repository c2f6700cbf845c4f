import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Deletes the key only if it still holds our token (a lease that expired and was re-taken is not ours). */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** A lease per key in Redis: SET NX PX, released by its holder, expiring if the holder dies. */
export function createThreadLock(redis: Redis, prefix: string) {
  const keyOf = (key: string) => `${prefix}:thread-lock:${key}`;
  return {
    async tryAcquire(key: string, ttlMs: number): Promise<string | null> {
      const token = randomUUID();
      const ok = await redis.set(keyOf(key), token, 'PX', ttlMs, 'NX');
      return ok === 'OK' ? token : null;
    },
    async release(key: string, token: string): Promise<void> {
      await redis.eval(RELEASE, 1, keyOf(key), token);
    },
  };
}
