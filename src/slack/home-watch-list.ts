import type { Redis } from 'ioredis';
import type { Principal } from '../governance/authorizer.js';

/** One open App Home: who, when it was opened, the change mark it shows and when it was last published. */
export interface WatchedHome {
  who: Principal;
  openedAt: number;
  mark: number;
  seenAt: number;
}

export interface HomeWatchList {
  /** The person just saw a fresh Home at `mark`; it is kept fresh for `watchForMs`. */
  watch(who: Principal, mark: number, at: number, watchForMs: number): Promise<void>;
  /** Every Home opened since `openedAfter`, across tenants; older ones are dropped. */
  open(openedAfter: number): Promise<WatchedHome[]>;
  /** The Home was published (or tried) at `seenAt` and now shows `mark`; ignored once it left the list. */
  record(who: Principal, mark: number, seenAt: number): Promise<void>;
}

/**
 * Drops Homes opened before the cutoff (and the tenant once nobody is left), then returns
 * user, open time and "mark:seenAt" for the rest. Chunks keep unpack() within Lua's stack.
 */
const PRUNE_AND_LIST = `
local gone = redis.call('zrangebyscore', KEYS[1], '-inf', '(' .. ARGV[1])
for i = 1, #gone, 500 do
  local chunk = {unpack(gone, i, math.min(i + 499, #gone))}
  redis.call('zrem', KEYS[1], unpack(chunk))
  redis.call('hdel', KEYS[2], unpack(chunk))
end
if redis.call('zcard', KEYS[1]) == 0 then
  redis.call('srem', KEYS[3], ARGV[2])
  redis.call('del', KEYS[2])
  return {}
end
local open = redis.call('zrange', KEYS[1], 0, -1, 'WITHSCORES')
local out = {}
for i = 1, #open, 2 do
  out[#out + 1] = open[i]
  out[#out + 1] = open[i + 1]
  out[#out + 1] = redis.call('hget', KEYS[2], open[i]) or ''
end
return out
`;
/** Records what a Home shows only while it is still watched (no orphan entry after it expired). */
const RECORD = `if redis.call('zscore', KEYS[1], ARGV[1]) then return redis.call('hset', KEYS[2], ARGV[1], ARGV[2]) else return 0 end`;

/**
 * The open App Homes of every tenant, in Redis so every web process (and the next one after
 * a restart) shares them: a set of tenants, and per tenant a sorted set user → open time and
 * a hash user → "mark:seenAt". Every key expires after the watch window of its last open.
 */
export function createHomeWatchList(redis: Redis, prefix: string): HomeWatchList {
  const tenantsKey = `${prefix}:home:tenants`;
  const openedKey = (tenantId: string) => `${prefix}:home:opened:${tenantId}`;
  const seenKey = (tenantId: string) => `${prefix}:home:seen:${tenantId}`;
  return {
    async watch(who, mark, at, watchForMs) {
      await redis
        .multi()
        .sadd(tenantsKey, who.tenantId)
        .zadd(openedKey(who.tenantId), at, who.userId)
        .hset(seenKey(who.tenantId), who.userId, `${mark}:${at}`)
        .pexpire(tenantsKey, watchForMs)
        .pexpire(openedKey(who.tenantId), watchForMs)
        .pexpire(seenKey(who.tenantId), watchForMs)
        .exec();
    },
    async open(openedAfter) {
      const homes: WatchedHome[] = [];
      for (const tenantId of await redis.smembers(tenantsKey)) {
        const keys = [openedKey(tenantId), seenKey(tenantId), tenantsKey];
        const flat = (await redis.eval(PRUNE_AND_LIST, 3, ...keys, String(openedAfter), tenantId)) as string[];
        for (let i = 0; i < flat.length; i += 3) homes.push(parseHome(tenantId, flat[i]!, flat[i + 1]!, flat[i + 2]!));
      }
      return homes;
    },
    async record(who, mark, seenAt) {
      await redis.eval(RECORD, 2, openedKey(who.tenantId), seenKey(who.tenantId), who.userId, `${mark}:${seenAt}`);
    },
  };
}

function parseHome(tenantId: string, userId: string, openedAt: string, seen: string): WatchedHome {
  const [mark, seenAt] = seen.split(':');
  return {
    who: { tenantId, userId },
    openedAt: Number(openedAt),
    // A Home with no recorded mark (its hash entry lost) counts as never fresh.
    mark: mark ? Number(mark) : -1,
    seenAt: seenAt ? Number(seenAt) : Number(openedAt),
  };
}
