import { setTimeout as delay } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../src/audit/audit-log.js';
import type { Principal } from '../../../src/governance/authorizer.js';
import { createHomeService } from '../../../src/home/home-service.js';
import { createRedis } from '../../../src/jobs/redis.js';
import { createHomeRoundLock } from '../../../src/slack/home-round-lock.js';
import { createHomeWatchList } from '../../../src/slack/home-watch-list.js';
import { createHomeRefresher, type HomeRefresherDeps } from '../../../src/slack/listeners/events/home-refresher.js';
import { createTestDatabase, type TestDatabase, uniquePrefix } from '../../support/test-db.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const T = 'T0HOMEREFRESH';
const who = (userId: string): Principal => ({ tenantId: T, userId });

/** Every publish any "web process" made, and promises that resolve when a wanted one happens. */
function publishLog() {
  const seen: Array<{ by: string; userId: string }> = [];
  const waiters: Array<{ match: (p: { by: string; userId: string }) => boolean; resolve: () => void }> = [];
  return {
    seen,
    record(by: string, userId: string) {
      const entry = { by, userId };
      seen.push(entry);
      for (const w of waiters.filter((w) => w.match(entry))) w.resolve();
    },
    next(match: (p: { by: string; userId: string }) => boolean): Promise<void> {
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

/** One round as soon as this process may run one (the previous round's interval has passed). */
async function nextRound(refresher: { runRound: () => Promise<{ ran: boolean; published: number }> }) {
  for (;;) {
    const outcome = await refresher.runRound();
    if (outcome.ran) return outcome.published;
    await delay(5);
  }
}

describe('App Home refresh shared by web processes (real Redis and Postgres)', () => {
  let t: TestDatabase;
  let changeMark: (tenantId: string) => Promise<number>;
  const connections: Redis[] = [];
  const running: Array<{ stop: () => Promise<void> }> = [];
  const errors: unknown[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    const home = createHomeService({ db: t.db, authz: { can: async () => false } });
    changeMark = (tenantId) => home.changeMark(tenantId);
  });
  afterEach(async () => {
    for (const r of running.splice(0)) await r.stop();
    for (const c of connections.splice(0)) c.disconnect();
  });
  afterAll(async () => {
    await t?.drop();
  });

  /** Something happens in the workspace: an audit event, so its change mark moves. */
  async function workspaceChanges(): Promise<void> {
    await createAuditLog(t.db).append({
      tenantId: T,
      type: 'authz.refused',
      actor: 'U0SOMEONE',
      data: { action: 'approve this step', reason: 'needs approver', resource: null },
    });
  }

  /** A web process's refresher: its own Redis connection, the shared prefix. */
  async function webProcess(
    name: string,
    prefix: string,
    log: ReturnType<typeof publishLog>,
    options: Partial<HomeRefresherDeps> & { redisUrl?: string } = {},
  ) {
    const redis = createRedis(options.redisUrl ?? REDIS_URL, 'plain');
    redis.on('error', () => undefined);
    connections.push(redis);
    const refresher = createHomeRefresher({
      watchList: createHomeWatchList(redis, prefix),
      roundLock: createHomeRoundLock(redis, prefix),
      changeMark,
      publish: async (p) => log.record(name, p.userId),
      onError: (err) => errors.push(err),
      ...options,
    });
    running.push(refresher);
    return refresher;
  }

  it('two processes spend one publish budget: one round per interval between them, the longest-stale Homes first', async () => {
    const prefix = uniquePrefix();
    const log = publishLog();
    let clock = 1_000;
    const manual = { loop: false, roundMs: 60_000, perRound: 2, now: () => clock };
    const a = await webProcess('a', prefix, log, manual);
    const b = await webProcess('b', prefix, log, manual);
    const mark = await changeMark(T);
    for (const [refresher, userId] of [
      [a, 'U0FIRST'],
      [b, 'U0SECOND'],
      [a, 'U0THIRD'],
      [b, 'U0FOURTH'],
    ] as const) {
      clock += 1_000;
      await refresher.watch(who(userId), mark);
    }
    await workspaceChanges();

    expect(await a.runRound()).toEqual({ ran: true, published: 2 });
    // Before, each process had its own 8 per round; now the second finds this interval's round taken.
    expect(await b.runRound()).toEqual({ ran: false, published: 0 });
    expect(await a.runRound()).toEqual({ ran: false, published: 0 });
    expect(log.seen).toEqual([
      { by: 'a', userId: 'U0FIRST' },
      { by: 'a', userId: 'U0SECOND' },
    ]);
  });

  it('stops refreshing a Home an hour after it was opened, and leaves nothing behind in Redis', async () => {
    const prefix = uniquePrefix();
    const log = publishLog();
    let clock = 1_000;
    const refresher = await webProcess('a', prefix, log, { loop: false, roundMs: 20, now: () => clock });
    await refresher.watch(who('U0LONGAGO'), await changeMark(T));
    clock += 61 * 60_000;
    await workspaceChanges();

    expect(await nextRound(refresher)).toBe(0);
    expect(log.seen).toEqual([]);
    const redis = connections.at(-1)!;
    // Only the round's pace key may be left (it expires with the round interval).
    const left = await redis.keys(`${prefix}:home:*`);
    expect(left.filter((key) => key !== `${prefix}:home:round-pace`)).toEqual([]);

    await refresher.watch(who('U0JUSTNOW'), (await changeMark(T)) - 1);
    expect(await nextRound(refresher)).toBe(1);
    expect(log.seen).toEqual([{ by: 'a', userId: 'U0JUSTNOW' }]);
  });

  it('a Home opened through one process is refreshed by another after the first stops', async () => {
    const prefix = uniquePrefix();
    const log = publishLog();
    const a = await webProcess('a', prefix, log, { roundMs: 40 });
    await a.watch(who('U0OPENEDONA'), await changeMark(T));
    await a.stop();

    const b = await webProcess('b', prefix, log, { roundMs: 40 });
    const refreshed = log.next((p) => p.userId === 'U0OPENEDONA');
    await workspaceChanges();
    await refreshed;
    expect(log.seen).toEqual([{ by: 'b', userId: 'U0OPENEDONA' }]);
    await b.stop();
  });

  it('after a restart the new process keeps refreshing the Homes opened before it', async () => {
    const prefix = uniquePrefix();
    const log = publishLog();
    const before = await webProcess('before restart', prefix, log, { roundMs: 40 });
    await before.watch(who('U0STILLOPEN'), await changeMark(T));
    await before.stop();

    const after = await webProcess('after restart', prefix, log, { roundMs: 40 });
    const first = log.next((p) => p.userId === 'U0STILLOPEN');
    await workspaceChanges();
    await first;
    const second = log.next((p) => p.userId === 'U0STILLOPEN');
    await workspaceChanges();
    await second;
    // Republished once per change, never again for a Home that is already fresh.
    expect(log.seen).toEqual([
      { by: 'after restart', userId: 'U0STILLOPEN' },
      { by: 'after restart', userId: 'U0STILLOPEN' },
    ]);
    await after.stop();
  });

  it('a Home that fails to publish does not stop the others, and is tried again after them', async () => {
    const prefix = uniquePrefix();
    const log = publishLog();
    let failing = true;
    const refresher = await webProcess('a', prefix, log, {
      loop: false,
      roundMs: 20,
      publish: async (p) => {
        if (p.userId === 'U0BROKEN' && failing) throw new Error('views.publish: user_not_found');
        log.record('a', p.userId);
      },
    });
    const mark = await changeMark(T);
    for (const userId of ['U0BROKEN', 'U0FINE1', 'U0FINE2']) await refresher.watch(who(userId), mark);
    await workspaceChanges();
    errors.length = 0;

    expect(await nextRound(refresher)).toBe(3);
    expect(log.seen.map((p) => p.userId)).toEqual(['U0FINE1', 'U0FINE2']);
    expect(String(errors[0])).toContain('user_not_found');

    failing = false;
    expect(await nextRound(refresher)).toBe(1);
    expect(log.seen.map((p) => p.userId)).toEqual(['U0FINE1', 'U0FINE2', 'U0BROKEN']);
    expect(await nextRound(refresher)).toBe(0);
  });

  it('with Redis unreachable the refresher reports the error and tries again next round', async () => {
    const log = publishLog();
    let reported = 0;
    let twice!: () => void;
    const triedAgain = new Promise<void>((resolve) => {
      twice = resolve;
    });
    const refresher = await webProcess('a', uniquePrefix(), log, {
      redisUrl: 'redis://127.0.0.1:1',
      roundMs: 20,
      onError: () => {
        reported += 1;
        if (reported === 2) twice();
      },
    });
    await expect(refresher.watch(who('U0NOREDIS'), 0)).rejects.toThrow();
    await triedAgain;
    expect(log.seen).toEqual([]);
  });
});
