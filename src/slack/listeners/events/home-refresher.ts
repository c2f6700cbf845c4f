import type { Principal } from '../../../governance/authorizer.js';
import type { HomeRoundLock } from '../../home-round-lock.js';
import type { HomeWatchList, WatchedHome } from '../../home-watch-list.js';

/**
 * views.publish is Tier 4, "100+ per minute", counted per method per workspace per app
 * (api.slack.com/methods/views.publish, api.slack.com/docs/rate-limits; the team's ecosystem
 * facts, Slack limits and tiers). One round per 5 s with 8 Homes a round is at most 96 a
 * minute for the whole install: every web process shares this one budget (the round lock),
 * and the direct publish when someone opens the Home stays paced by people clicking.
 */
const ROUND_MS = 5_000;
const PER_ROUND = 8;
/** A Home opened longer ago than this is not kept fresh any more (the person will reopen it). */
const WATCH_FOR_MS = 60 * 60_000;
/** How long a round may hold the lock between two publishes before another process may take over. */
const ROUND_LEASE_MS = 15_000;

export interface HomeRefresherDeps {
  watchList: HomeWatchList;
  roundLock: HomeRoundLock;
  changeMark: (tenantId: string) => Promise<number>;
  publish: (who: Principal) => Promise<void>;
  onError: (err: unknown) => void;
  /** At most one round per this across all processes (tests pass a few ms). */
  roundMs?: number;
  perRound?: number;
  now?: () => number;
  /** False: no timer, rounds run only through runRound() (tests that drive rounds one by one). */
  loop?: boolean;
}

export interface RoundOutcome {
  /** False when another process holds the round or one ran within the round interval. */
  ran: boolean;
  published: number;
}

/**
 * Keeps open App Homes fresh: people who opened the Home lately get it republished when
 * their workspace changed (an incident, a run, an approval: every change is an audit event).
 *
 * Who has the Home open lives in Redis, so a restart or another web process carries on. A
 * short Redis lock (token, released only by its holder) picks which process runs a round,
 * rather than a BullMQ repeatable job: web processes run no BullMQ worker (they would need a
 * blocking connection each), a job every 5 s would leave 17 000 job records a day, and the
 * round needs the web process's own Slack client and Home rendering.
 */
export function createHomeRefresher(deps: HomeRefresherDeps) {
  const roundMs = deps.roundMs ?? ROUND_MS;
  const perRound = deps.perRound ?? PER_ROUND;
  const now = deps.now ?? Date.now;

  async function runRound(): Promise<RoundOutcome> {
    const token = await deps.roundLock.tryStart(ROUND_LEASE_MS, roundMs);
    if (!token) return { ran: false, published: 0 };
    try {
      return { ran: true, published: await publishStale(token) };
    } finally {
      await deps.roundLock.release(token).catch(deps.onError);
    }
  }

  async function publishStale(token: string): Promise<number> {
    let published = 0;
    for (const home of (await staleHomes(deps, now() - WATCH_FOR_MS)).slice(0, perRound)) {
      // A round slower than its lease lost the lock: the next holder carries on, never both.
      if (!(await deps.roundLock.hold(token, ROUND_LEASE_MS))) break;
      await publishOne(deps, home, now());
      published += 1;
    }
    return published;
  }

  const loop = deps.loop === false ? null : startRoundLoop(runRound, roundMs, deps.onError);
  return {
    /** The person just saw a fresh Home at this mark. */
    watch: (who: Principal, mark: number) => deps.watchList.watch(who, mark, now(), WATCH_FOR_MS),
    /** One round now, if this process may run it (tests; the loop calls it by itself). */
    runRound,
    /** Stops this process's loop (waiting for its round); the watch list stays for the others. */
    stop: async (): Promise<void> => loop?.stop(),
  };
}

type StaleHome = WatchedHome & { current: number };

/** Homes whose tenant changed since they were published, the longest-stale first. */
async function staleHomes(deps: HomeRefresherDeps, openedAfter: number): Promise<StaleHome[]> {
  const homes = await deps.watchList.open(openedAfter);
  const marks = new Map<string, number | null>();
  for (const tenantId of new Set(homes.map((h) => h.who.tenantId))) {
    // A tenant whose mark cannot be read is skipped this round; the others go on.
    marks.set(
      tenantId,
      await deps.changeMark(tenantId).catch((err: unknown) => {
        deps.onError(err);
        return null;
      }),
    );
  }
  return homes
    .map((home) => ({ ...home, current: marks.get(home.who.tenantId) ?? home.mark }))
    .filter((home) => home.current !== home.mark)
    .sort((a, b) => a.seenAt - b.seenAt);
}

/** A failed publish keeps the old mark (tried again) but goes to the back, so it never blocks the others. */
async function publishOne(deps: HomeRefresherDeps, home: StaleHome, at: number): Promise<void> {
  const ok = await deps.publish(home.who).then(
    () => true,
    (err: unknown) => {
      deps.onError(err);
      return false;
    },
  );
  await deps.watchList.record(home.who, ok ? home.current : home.mark, at);
}

/**
 * Tries to start a round four times per round interval, so a round begins soon after the
 * previous one's pace ran out whichever process ticks first. Errors (Redis down) are reported
 * and the next try waits a full round; the web process never crashes over a refresh.
 */
function startRoundLoop(runRound: () => Promise<unknown>, roundMs: number, onError: (err: unknown) => void) {
  let inFlight: Promise<void> | null = null;
  let retryAt = 0;
  const tick = () => {
    if (inFlight || Date.now() < retryAt) return;
    inFlight = runRound()
      .then(
        () => undefined,
        (err: unknown) => {
          retryAt = Date.now() + roundMs;
          onError(err);
        },
      )
      .finally(() => {
        inFlight = null;
      });
  };
  const timer = setInterval(tick, Math.max(1, Math.floor(roundMs / 4)));
  timer.unref();
  return {
    async stop(): Promise<void> {
      clearInterval(timer);
      await inFlight;
    },
  };
}
