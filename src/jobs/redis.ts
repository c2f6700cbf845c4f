import { Redis, type RedisOptions } from 'ioredis';
import { dependencyUnavailable } from '../lib/dependency-errors.js';

/**
 * Redis connections for BullMQ. Producers fail fast (no offline queue); workers block
 * and must have maxRetriesPerRequest null, as BullMQ requires.
 */
export function createRedis(url: string, role: 'producer' | 'worker' | 'plain'): Redis {
  const options: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : { maxRetriesPerRequest: 2, enableOfflineQueue: role !== 'producer', connectTimeout: 5_000 };
  return new Redis(url, { ...options, lazyConnect: true });
}

/** Connects and pings once; throws a DomainError naming the URL and how to start Redis. */
export async function assertRedisReachable(url: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 5_000,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw dependencyUnavailable('Redis', url, err);
  } finally {
    redis.disconnect();
  }
}
